import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/index.js';
import { createMockServer } from '../../src/mock-server/index.js';
import { renderHtml } from '../../src/outputs/html/render-html.js';
import type { BenchmarkReport } from '../../src/report/report-schema.js';

const CHROMIUM = '/usr/bin/chromium';
const SCRIPT = '<script>alert(1)</script>';

let dir: string;
let browser: Browser | undefined;
let sweep: BenchmarkReport;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-html-'));
  // CI installs Debian's chromium (.ci/run); a missing browser is a failure, not a skip.
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  // Playwright starts Chromium with a new, empty user data directory of its own.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const server = await createMockServer({ ttftMs: 20, ttftMsStd: 4, itlMs: 5, itlMsStd: 1 });
  try {
    sweep = await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=32,output_tokens=8',
      profile: 'constant',
      rate: [5, 10, 20],
      maxSeconds: 1,
    });
  } finally {
    await server.close();
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

interface PageRun {
  consoleErrors: string[];
  externalRequests: string[];
  dialogs: string[];
  page: Page;
}

async function open(html: string, name: string): Promise<PageRun> {
  const path = join(dir, name);
  await writeFile(path, html);
  const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
  const run: PageRun = { consoleErrors: [], externalRequests: [], dialogs: [], page };
  page.on('console', (message) => {
    if (message.type() === 'error') run.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => run.consoleErrors.push(error.message));
  page.on('dialog', (dialog) => {
    run.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    run.externalRequests.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(path).href);
  await page.waitForLoadState('load');
  return run;
}

describe('the HTML report in headless Chromium', () => {
  it('draws every chart of a sweep offline, with no console errors', async () => {
    const run = await open(renderHtml(sweep), 'benchmarks.html');
    const { page } = run;
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => {
        const canvas = figure.querySelector('canvas');
        const colors = (figure.getAttribute('data-series-colors') ?? '').split(' ');
        const result = { id: figure.getAttribute('data-chart-id'), width: 0, seriesPixels: 0 };
        if (canvas === null) return result;
        const context = canvas.getContext('2d')!;
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        const rgb = colors.map((hex: string) =>
          [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)),
        );
        let seriesPixels = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! < 200) continue;
          for (const [r, g, b] of rgb) {
            if (
              Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) <
              30
            ) {
              seriesPixels++;
              break;
            }
          }
        }
        return { id: result.id, width: canvas.width, seriesPixels };
      }),
    );
    // 4 rate charts + per benchmark a percentile chart and an over-time chart.
    expect(charts.map((chart) => chart.id)).toEqual(
      expect.arrayContaining([
        'rate-ttftMs',
        'rate-itlMs',
        'rate-requestLatencyMs',
        'rate-throughput',
        'distribution-0',
        'timeseries-2',
      ]),
    );
    expect(charts).toHaveLength(4 + 2 * sweep.benchmarks.length);
    for (const chart of charts) {
      expect(chart.width, chart.id ?? '').toBeGreaterThan(0);
      // Pixels in a series colour: a line or points of data were drawn, not just axes.
      expect(chart.seriesPixels, chart.id ?? '').toBeGreaterThan(20);
    }
    expect(run.consoleErrors).toEqual([]);
    expect(run.externalRequests).toEqual([]);
    const screenshot = join(dir, 'benchmarks.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
    await page.close();
  }, 60_000);

  it('runs no script from the run: a model name and a prompt holding <script> show as text', async () => {
    const server = await createMockServer({ model: SCRIPT, ttftMs: 5, itlMs: 1 });
    let report: BenchmarkReport;
    try {
      report = await runBenchmark({
        target: server.url,
        data: 'prompt_tokens=8,output_tokens=4',
        profile: 'synchronous',
        maxRequests: 3,
        retainRequests: true,
        retainText: true,
      });
    } finally {
      await server.close();
    }
    expect(report.args['model']).toBe(SCRIPT);
    // A prompt carrying the script too, as a custom data source would send it.
    report.benchmarks[0]!.requests![0]!.prompt = `${SCRIPT}<img src=x onerror="alert(2)">`;
    const run = await open(renderHtml(report), 'hostile.html');
    const { page } = run;
    expect(await page.textContent('[data-field="model"]')).toBe(SCRIPT);
    expect(await page.title()).toContain(SCRIPT);
    // Only the page's own three script elements exist; no element came from the run's text.
    expect(await page.$$eval('script', (scripts) => scripts.length)).toBe(3);
    expect(await page.$$eval('img', (images) => images.length)).toBe(0);
    await page.waitForTimeout(200);
    expect(run.dialogs).toEqual([]);
    expect(run.consoleErrors).toEqual([]);
    expect(run.externalRequests).toEqual([]);
    await page.close();
  }, 60_000);
});
