import type { RunStartEvent, SnapshotEvent } from '../spec/events.js';
import type { Progress } from '../spec/progress.js';
import type { StrategySpec } from '../spec/strategy.js';
import { NO_VALUE, formatNumber } from '../internal/text-table.js';
import { pendingRow, renderLiveTable, renderOverallLine, type LiveRow } from './live-table.js';
import { strategyLabel } from '../strategies/strategy-label.js';

/** Downloads at least this large get a line of progress. */
const LARGE_DOWNLOAD_BYTES = 1_000_000;

/** Where console progress writes: a stream such as `process.stderr`. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** Terminal width in characters, when the stream is a terminal. */
  columns?: number;
}

/** Options of {@link createConsoleProgress}. */
export interface ConsoleProgressOptions {
  /** @default process.stderr */
  stream?: ProgressStream;
  /** On a non-TTY stream, at most one snapshot line this often. @default 5000 */
  plainIntervalMs?: number;
  /** On a TTY, redraw the table at most this often (state changes redraw at once). @default 250 */
  ttyIntervalMs?: number;
  /** Milliseconds clock for the redraw throttle; tests inject one. @default performance.now */
  now?: () => number;
}

export type { BenchmarkRowStatus } from './live-table.js';

/** A live number as text: the no-value mark before the first sample. */
function value(number: number | null, decimals: number, unit = ''): string {
  return number === null ? NO_VALUE : `${formatNumber(number, decimals)}${unit}`;
}

function formatSnapshot(event: SnapshotEvent): string {
  const percent =
    event.progress === undefined ? '' : ` ${(event.progress * 100).toFixed(0).padStart(3)}%`;
  const phase = event.phase === undefined || event.phase === 'running' ? '' : ` (${event.phase})`;
  const finished = event.successful + event.errored + event.incomplete > 0;
  return (
    `[${event.benchmarkIndex + 1}] ${strategyLabel(event.strategy)}${phase}${percent} ${(event.elapsedMs / 1000).toFixed(1)}s` +
    ` | ${finished ? event.requestsPerSecond.toFixed(2) : NO_VALUE} req/s, ${finished ? event.outputTokensPerSecond.toFixed(0) : NO_VALUE} tok/s` +
    ` | TTFT p50 ${value(event.ttftMsP50, 1, ' ms')}, ITL p50 ${value(event.itlMsP50, 2, ' ms')}` +
    ` | ok ${event.successful}, err ${event.errored}, inc ${event.incomplete}, in flight ${event.inFlight}`
  );
}

/** A run's tokenizer in words: its id and where it came from. */
function tokenizerText(tokenizer: RunStartEvent['tokenizer']): string {
  const revision = tokenizer.revision === undefined ? '' : `@${tokenizer.revision}`;
  switch (tokenizer.source) {
    case 'word':
      return "word (built-in; counts words, not a model's tokens)";
    case 'file':
      return `${tokenizer.id} (file)`;
    case 'cache':
      return `${tokenizer.id}${revision} (Hugging Face cache)`;
    case 'hub':
      return `${tokenizer.id}${revision} (Hugging Face Hub)`;
    case 'server':
      return `${tokenizer.id} (the server's /tokenize)`;
    case 'custom':
      return `${tokenizer.id} (custom)`;
  }
}

function remainingOf(event: SnapshotEvent, maxSeconds: number | undefined): number | undefined {
  if (maxSeconds !== undefined) return Math.max(0, maxSeconds * 1000 - event.elapsedMs);
  if (event.progress !== undefined && event.progress > 0) {
    return (event.elapsedMs * (1 - event.progress)) / event.progress;
  }
  return undefined;
}

/**
 * Creates the console progress sink the CLI uses. On a TTY it keeps a live table on screen,
 * one row per planned benchmark (pending, warmup, running, cooldown, done) with elapsed and
 * remaining time, requests/s, TTFT and ITL so far and the request counts, under which an overall
 * progress bar; redraws are throttled. Elsewhere (CI logs, Kubernetes) it writes a plain line
 * every few seconds. It writes to stderr so stdout stays for the summary, and only from the
 * run's events, so it adds nothing to the request path.
 */
export function createConsoleProgress(options: ConsoleProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const plainIntervalMs = options.plainIntervalMs ?? 5000;
  const ttyIntervalMs = options.ttyIntervalMs ?? 250;
  const now = options.now ?? (() => performance.now());
  let lastPlainAt = -Infinity;

  // TTY state.
  const rows: LiveRow[] = [];
  const maxSecondsOf: (number | undefined)[] = [];
  let planned: number | undefined;
  let drawnLines = 0;
  let lastDrawAt = -Infinity;

  const rowAt = (index: number, strategy?: StrategySpec): LiveRow => {
    while (rows.length <= index) rows.push(pendingRow(`benchmark ${rows.length + 1}`));
    const row = rows[index]!;
    if (strategy !== undefined) row.label = strategyLabel(strategy);
    return row;
  };
  const clearTable = (): void => {
    if (drawnLines === 0) return;
    // Up to the table's first line, then erase to the end of the screen.
    stream.write(`\x1b[${drawnLines}F\x1b[0J`);
    drawnLines = 0;
  };
  const draw = (force: boolean): void => {
    const at = now();
    if (!force && at - lastDrawAt < ttyIntervalMs) return;
    lastDrawAt = at;
    const width = stream.columns ?? 120;
    const lines = [...renderLiveTable(rows, width), renderOverallLine(rows, planned, width)];
    clearTable();
    stream.write(`${lines.join('\n')}\n`);
    drawnLines = lines.length;
  };
  /** Writes a line above the live table, which is redrawn below it. */
  const downloads = new Set<string>();
  const say = (text: string): void => {
    if (tty) {
      clearTable();
      stream.write(text);
      if (rows.length > 0) draw(true);
    } else {
      stream.write(text);
    }
  };

  return {
    onRunStart(event) {
      const plannedText =
        event.plannedBenchmarks === undefined ? '' : `, ${event.plannedBenchmarks} benchmark(s)`;
      planned = event.plannedBenchmarks;
      if (tty && planned !== undefined) for (let i = 0; i < planned; i++) rowAt(i);
      say(
        `inferbench: ${event.profile}${plannedText}\n` +
          `  target:    ${event.target}\n` +
          `  model:     ${event.model}\n` +
          `  data:      ${event.data}\n` +
          `  tokenizer: ${tokenizerText(event.tokenizer)}\n`,
      );
    },
    onBenchmarkStart(event) {
      if (tty) {
        const row = rowAt(event.index, event.strategy);
        row.status = 'running';
        maxSecondsOf[event.index] = event.maxSeconds;
        row.remainingMs = event.maxSeconds === undefined ? undefined : event.maxSeconds * 1000;
        draw(true);
        return;
      }
      lastPlainAt = -Infinity;
      stream.write(`[${event.index + 1}] ${strategyLabel(event.strategy)}: started\n`);
    },
    onSnapshot(event) {
      if (tty) {
        const row = rowAt(event.benchmarkIndex, event.strategy);
        const status = event.phase ?? 'running';
        const changed = row.status !== status;
        row.status = status;
        row.elapsedMs = event.elapsedMs;
        row.remainingMs = remainingOf(event, maxSecondsOf[event.benchmarkIndex]);
        row.fraction = event.progress ?? 0;
        // Before the first request finishes a rate has no sample: no value, not 0.00.
        const finished = event.successful + event.errored + event.incomplete > 0;
        row.requestsPerSecond = finished ? event.requestsPerSecond : null;
        row.outputTokensPerSecond = finished ? event.outputTokensPerSecond : null;
        row.inFlight = event.inFlight;
        row.ttftMsP50 = event.ttftMsP50;
        row.itlMsP50 = event.itlMsP50;
        row.successful = event.successful;
        row.errored = event.errored;
        row.incomplete = event.incomplete;
        draw(changed);
      } else if (event.elapsedMs - lastPlainAt >= plainIntervalMs) {
        lastPlainAt = event.elapsedMs;
        stream.write(`${formatSnapshot(event)}\n`);
      }
    },
    onBenchmarkEnd(event) {
      const b = event.benchmark;
      if (tty) {
        const row = rowAt(b.index, b.strategy);
        row.status = 'done';
        row.elapsedMs = b.timings.duration;
        row.fraction = 1;
        row.requestsPerSecond = b.metrics.requestsPerSecond.successful.mean;
        row.outputTokensPerSecond = b.metrics.outputTokensPerSecond.successful.mean;
        row.inFlight = null;
        row.ttftMsP50 = b.metrics.ttftMs.successful.percentiles.p50;
        row.itlMsP50 = b.metrics.itlMs.successful.percentiles.p50;
        row.successful = b.requestCounts.successful;
        row.errored = b.requestCounts.errored;
        row.incomplete = b.requestCounts.incomplete;
        draw(true);
        return;
      }
      stream.write(
        `[${b.index + 1}] ${strategyLabel(b.strategy)}: ${b.stopReason}, ${b.requestCounts.successful} ok, ` +
          `${b.requestCounts.errored} errored, ${b.requestCounts.incomplete} incomplete\n`,
      );
    },
    onWarning(event) {
      say(`warning: ${event.message}\n`);
    },
    onDownloadProgress(event) {
      // Small files come and go unnoticed; a large one gets a line at the start and the end.
      if (event.totalBytes < LARGE_DOWNLOAD_BYTES) return;
      const started = downloads.has(event.path);
      if (started && !event.done) return;
      downloads.add(event.path);
      const megabytes = (event.totalBytes / 1e6).toFixed(1);
      say(
        event.done
          ? `downloaded ${event.repo}/${event.path} (${megabytes} MB)\n`
          : `downloading ${event.repo}/${event.path} (${megabytes} MB) from the Hugging Face Hub...\n`,
      );
    },
    onRunEnd() {
      if (tty) {
        // The table stays on screen as the run's record; only the cursor moves on.
        if (rows.length > 0) draw(true);
        drawnLines = 0;
      }
    },
  };
}
