import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/index.js';
import { createMockServer } from '../../src/mock-server/index.js';
import { renderHtml } from '../../src/outputs/html/render-html.js';
import type { BenchmarkReport } from '../../src/report/report-schema.js';
import { launchChromium } from '../helpers/launch-chromium.js';

const SCRIPT = '<script>alert(1)</script>';
/** What Chromium reports as its language under `LANG=C.UTF-8`; `Intl` rejects it. */
const POSIX_LANGUAGE = 'en-US@posix';

let dir: string;
let browser: Browser | undefined;
/** The same browser started under `LANG=C.UTF-8`, as on a bare container. */
let posixBrowser: Browser | undefined;
let sweep: BenchmarkReport;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-html-'));
  // Debian's Chromium when installed, else the one shipped in an npm package: never skipped.
  browser = await launchChromium({ LANG: 'en_US.UTF-8' });
  posixBrowser = await launchChromium({ LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' });
  const server = await createMockServer({ ttftMs: 20, ttftMsStd: 4, itlMs: 5, itlMsStd: 1 });
  try {
    sweep = await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=32,output_tokens=8',
      profile: 'constant',
      rate: [5, 10, 20],
      maxSeconds: 1,
      // The mock's /metrics, often enough for a line: each benchmark gains a server chart.
      serverMetrics: { intervalMs: 200 },
    });
  } finally {
    await server.close();
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await posixBrowser?.close();
  await rm(dir, { recursive: true, force: true });
});

interface PageRun {
  consoleErrors: string[];
  externalRequests: string[];
  dialogs: string[];
  page: Page;
}

interface OpenOptions {
  /** The browser to open the page in. */
  in?: Browser;
  context?: BrowserContextOptions;
  /** Runs in the page before any of its own scripts. */
  initScript?: string;
}

async function open(html: string, name: string, options: OpenOptions = {}): Promise<PageRun> {
  const path = join(dir, name);
  await writeFile(path, html);
  const page = await (options.in ?? browser)!.newPage({
    viewport: { width: 1400, height: 1000 },
    ...(options.context ?? { locale: 'en-US' }),
  });
  if (options.initScript !== undefined) await page.addInitScript(options.initScript);
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

interface DrawnChart {
  id: string | null;
  width: number;
  /** Pixels in a series colour: a line or points of data were drawn, not just axes. */
  seriesPixels: number;
}

function drawnCharts(page: Page): Promise<DrawnChart[]> {
  return page.$$eval('figure.chart', (figures) =>
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
}

/** Asserts that every chart of the sweep report was drawn with data in it. */
function expectEveryChartDrawn(charts: DrawnChart[]): void {
  // 4 rate charts + per benchmark a percentile chart, an over-time chart and the server's.
  expect(charts.map((chart) => chart.id)).toEqual(
    expect.arrayContaining([
      'rate-ttftMs',
      'rate-itlMs',
      'rate-requestLatencyMs',
      'rate-throughput',
      'distribution-0',
      'timeseries-2',
      'server-2',
    ]),
  );
  expect(charts).toHaveLength(4 + 3 * sweep.benchmarks.length);
  for (const chart of charts) {
    expect(chart.width, chart.id ?? '').toBeGreaterThan(0);
    expect(chart.seriesPixels, chart.id ?? '').toBeGreaterThan(20);
  }
}

/**
 * Makes the page report `language` as the browser's language, as Chromium does by itself
 * under `LANG=C.UTF-8` (Debian's build may not, so it is set for every build alike), and
 * keeps what the page saw before the report's scripts ran.
 */
function reportLanguage(language: string): string {
  return `(() => {
    const tag = ${JSON.stringify(language)};
    Object.defineProperty(navigator, 'language', { configurable: true, get: () => tag });
    Object.defineProperty(navigator, 'languages', { configurable: true, get: () => [tag] });
    window.__languageBeforeReport = navigator.language;
  })();`;
}

describe('the HTML report in headless Chromium', () => {
  it('draws every chart of a sweep offline, with no console errors', async () => {
    const run = await open(renderHtml(sweep), 'benchmarks.html');
    const { page } = run;
    expectEveryChartDrawn(await drawnCharts(page));
    // A usable language is left alone.
    expect(await page.evaluate('navigator.language')).toBe('en-US');
    expect(run.consoleErrors).toEqual([]);
    expect(run.externalRequests).toEqual([]);
    const screenshot = join(dir, 'benchmarks.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
    await page.close();
  }, 60_000);

  it(`draws every chart when the browser reports ${POSIX_LANGUAGE} (LANG=C.UTF-8), a tag Intl rejects`, async () => {
    const run = await open(renderHtml(sweep), 'posix.html', {
      in: posixBrowser!,
      // No locale emulation: the browser's own language under LANG=C.UTF-8.
      context: {},
      initScript: reportLanguage(POSIX_LANGUAGE),
    });
    const { page } = run;
    // The condition is real in this browser: Intl rejects the tag the page started with.
    const seen = (await page.evaluate(`(() => {
      const before = window.__languageBeforeReport;
      let rejected = '';
      try {
        new Intl.NumberFormat(before);
      } catch (error) {
        rejected = String(error);
      }
      return { before, rejected, after: navigator.language, languages: [...navigator.languages] };
    })()`)) as { before: string; rejected: string; after: string; languages: string[] };
    expect(seen.before).toBe(POSIX_LANGUAGE);
    expect(seen.rejected).toContain('RangeError');
    expect(seen.after).toBe('en-US');
    expect(seen.languages).toEqual(['en-US']);
    expectEveryChartDrawn(await drawnCharts(page));
    expect(run.consoleErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it('keeps its tables and says why in place of each chart when even the fallback language fails', async () => {
    // A browser whose Intl rejects every tag: the chart library cannot load at all.
    const brokenIntl = `${reportLanguage(POSIX_LANGUAGE)}
      (() => {
        const Original = Intl.NumberFormat;
        Intl.NumberFormat = function () { throw new RangeError('Invalid language tag'); };
        Intl.NumberFormat.prototype = Original.prototype;
      })();`;
    const run = await open(renderHtml(sweep), 'broken-intl.html', {
      in: posixBrowser!,
      initScript: brokenIntl,
    });
    const { page } = run;
    expect(await page.$$eval('figure.chart', (figures) => figures.length)).toBe(0);
    const notes = await page.$$eval('p.chart-error', (elements) =>
      elements.map((element) => element.textContent ?? ''),
    );
    expect(notes).toHaveLength(4 + 3 * sweep.benchmarks.length);
    expect(notes[0]).toMatch(
      /^Chart ".+" could not be drawn: Error: the chart library did not load$/,
    );
    // The summary table still holds a row per benchmark.
    expect(await page.$$eval('#summary tbody tr', (rows) => rows.length)).toBe(
      sweep.benchmarks.length,
    );
    // The console says what happened: the library's own error, then one line per chart.
    const [libraryErrors, chartErrors] = [
      run.consoleErrors.filter((text) => text.includes('Invalid language tag')),
      run.consoleErrors.filter((text) => text.startsWith('inferbench: chart ')),
    ];
    expect(libraryErrors).toHaveLength(1);
    expect(chartErrors).toHaveLength(notes.length);
    expect(run.consoleErrors).toHaveLength(1 + notes.length);
    expect(run.externalRequests).toEqual([]);
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
