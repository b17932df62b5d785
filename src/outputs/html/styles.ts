/** The report page's own stylesheet (uPlot's stylesheet is inlined beside it). */
export const REPORT_STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; margin: 0 auto; max-width: 1600px; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.meta { color: #555; margin: 2px 0; }
.headline { font-size: 16px; background: #eef5ff; border-left: 4px solid #1f6fd1; padding: 8px 12px; }
.warning { background: #fff4e5; border-left: 4px solid #e4572e; padding: 6px 10px; }
table { border-collapse: collapse; margin: 6px 0 12px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f7; font-weight: 600; }
td.num { text-align: right; }
td.code { font-family: ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-word; max-width: 900px; }
td.pass { color: #1e7b34; }
td.fail { color: #b3261e; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
p.chart-error { color: #b3261e; background: #fdecea; padding: 6px 10px; margin: 0; }
figure.chart { margin: 0; padding: 6px; border: 1px solid #e3e3e3; border-radius: 4px; background: #fff; }
dt { font-weight: 600; margin-top: 6px; }
dd { margin-left: 16px; color: #333; }
`;
