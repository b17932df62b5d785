import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Command } from 'commander';
import {
  CSV_REPORT_FILE,
  HTML_REPORT_FILE,
  InferbenchError,
  JSON_REPORT_FILE,
  OUTPUT_FORMATS,
  isOutputFormat,
  renderCsv,
  renderHtml,
  renderJson,
  type BenchmarkReport,
  type OutputFormat,
} from '../index.js';
import { describeReceived } from '../internal/messages.js';
import { checkWritableDirectory, writeFileAtomicSync } from '../internal/output-directory.js';
import { listFlag } from './flags.js';

/** A report file the run will write. */
export interface ReportFile {
  format: 'json' | 'csv' | 'html';
  path: string;
}

/** Where a run's reports go: the files, and whether the summary is printed. */
export interface ReportPlan {
  files: ReportFile[];
  /** The folder they go into (checked writable before the run). */
  directory: string;
  /** The flag the folder came from, for messages. */
  directoryFlag: '--output-dir' | '--output-path';
}

const DEFAULT_NAMES = {
  json: JSON_REPORT_FILE,
  csv: CSV_REPORT_FILE,
  html: HTML_REPORT_FILE,
} as const;

const EXTENSIONS: Readonly<Record<string, ReportFile['format']>> = {
  '.json': 'json',
  '.csv': 'csv',
  '.html': 'html',
  '.htm': 'html',
};

function givenByUser(command: Command, key: string): boolean {
  const source = command.getOptionValueSource(key);
  return source !== undefined && source !== 'default';
}

/**
 * The report files of a `benchmark` command line: each format of `--outputs` under its default
 * name in `--output-dir`, or GuideLLM's `--output-path FILE` (folder and format from the path;
 * a path that is a folder works like `--output-dir`).
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` for an unknown format or extension, or
 *   `--output-path` together with `--output-dir` or `--outputs`.
 */
export function planReportFiles(
  flags: { outputs: string; outputDir: string; outputPath?: string | undefined },
  command: Command,
): ReportPlan {
  const outputs = outputsFlag(flags.outputs) ?? ['json'];
  const inFolder = (directory: string): ReportFile[] =>
    outputs
      .filter((format): format is ReportFile['format'] => format !== 'console')
      .map((format) => ({ format, path: join(directory, DEFAULT_NAMES[format]) }));
  const path = flags.outputPath;
  if (path === undefined) {
    return {
      files: inFolder(flags.outputDir),
      directory: flags.outputDir,
      directoryFlag: '--output-dir',
    };
  }
  for (const [key, flag] of [
    ['outputDir', '--output-dir'],
    ['outputs', '--outputs'],
  ] as const) {
    if (givenByUser(command, key)) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `--output-path: expected either --output-path or ${flag}, received both (--output-path names the folder and the format)`,
        { field: '--output-path' },
      );
    }
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    return { files: inFolder(path), directory: path, directoryFlag: '--output-path' };
  }
  const format = EXTENSIONS[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `--output-path: expected a file ending in .json, .csv or .html (or a folder), received ${describeReceived(basename(path))}`,
      { field: '--output-path' },
    );
  }
  return { files: [{ format, path }], directory: dirname(path), directoryFlag: '--output-path' };
}

/**
 * Parses `--outputs json,csv,html,console`; `undefined` passes through.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` naming the first unknown format.
 */
export function outputsFlag(text: string | undefined): OutputFormat[] | undefined {
  const outputs = listFlag(text);
  if (outputs === undefined) return undefined;
  for (const output of outputs) {
    if (!isOutputFormat(output)) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `--outputs: expected a list of ${OUTPUT_FORMATS.join(', ')}, received ${describeReceived(output)}`,
        { field: 'outputs' },
      );
    }
  }
  return outputs.filter(isOutputFormat);
}

/** Creates the plan's folder and checks that a file can be written there, before the run. */
export function checkReportFolder(plan: ReportPlan): void {
  if (plan.files.length > 0) checkWritableDirectory(plan.directory, plan.directoryFlag);
}

const RENDER = { json: renderJson, csv: renderCsv, html: renderHtml } as const;

/**
 * Renders and writes every file of the plan, each atomically and all without an await: no
 * signal handler can run until they are all on disk. Returns the paths written.
 */
export function writeReportFilesSync(report: BenchmarkReport, plan: ReportPlan): string[] {
  const contents = plan.files.map((file) => RENDER[file.format](report));
  plan.files.forEach((file, i) => writeFileAtomicSync(file.path, contents[i]!));
  return plan.files.map((file) => file.path);
}
