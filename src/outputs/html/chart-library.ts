import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The chart library's browser build and stylesheet, to inline into a report. */
export interface ChartLibrary {
  script: string;
  style: string;
}

let cached: ChartLibrary | undefined;

/**
 * Reads uPlot's minified browser build and stylesheet from node_modules, once per process, so
 * the HTML report carries them inline and needs no network when it is opened.
 */
export function loadChartLibrary(): ChartLibrary {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  cached = {
    script: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    style: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
  return cached;
}
