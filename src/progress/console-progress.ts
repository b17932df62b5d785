import type { SnapshotEvent } from '../spec/events.js';
import type { Progress } from '../spec/progress.js';
import type { StrategySpec } from '../spec/strategy.js';
import { formatNumber } from '../internal/text-table.js';
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

/** A benchmark's status in the live table. */
export type BenchmarkRowStatus = 'pending' | 'warmup' | 'running' | 'cooldown' | 'done';

interface Row {
  label: string;
  status: BenchmarkRowStatus;
  elapsedMs: number;
  remainingMs: number | undefined;
  fraction: number;
  requestsPerSecond: number | null;
  ttftMsP50: number | null;
  itlMsP50: number | null;
  successful: number;
  errored: number;
  incomplete: number;
  maxSeconds: number | undefined;
}

function newRow(label: string): Row {
  return {
    label,
    status: 'pending',
    elapsedMs: 0,
    remainingMs: undefined,
    fraction: 0,
    requestsPerSecond: 0,
    ttftMsP50: 0,
    itlMsP50: 0,
    successful: 0,
    errored: 0,
    incomplete: 0,
    maxSeconds: undefined,
  };
}

function formatSnapshot(event: SnapshotEvent): string {
  const percent =
    event.progress === undefined ? '' : ` ${(event.progress * 100).toFixed(0).padStart(3)}%`;
  const phase = event.phase === undefined || event.phase === 'running' ? '' : ` (${event.phase})`;
  return (
    `[${event.benchmarkIndex + 1}] ${strategyLabel(event.strategy)}${phase}${percent} ${(event.elapsedMs / 1000).toFixed(1)}s` +
    ` | ${event.requestsPerSecond.toFixed(2)} req/s, ${event.outputTokensPerSecond.toFixed(0)} tok/s` +
    ` | TTFT p50 ${event.ttftMsP50.toFixed(1)} ms, ITL p50 ${event.itlMsP50.toFixed(2)} ms` +
    ` | ok ${event.successful}, err ${event.errored}, inc ${event.incomplete}, in flight ${event.inFlight}`
  );
}

/** `m:ss` for a duration in ms; `--:--` when unknown. */
function clock(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '--:--';
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
}

function remainingOf(event: SnapshotEvent, maxSeconds: number | undefined): number | undefined {
  if (maxSeconds !== undefined) return Math.max(0, maxSeconds * 1000 - event.elapsedMs);
  if (event.progress !== undefined && event.progress > 0) {
    return (event.elapsedMs * (1 - event.progress)) / event.progress;
  }
  return undefined;
}

/** The TTY table: one row per benchmark and an overall progress line. */
function renderTable(rows: readonly Row[], planned: number | undefined, width: number): string[] {
  const header =
    '  #  benchmark            status     elapsed  left    req/s   TTFT p50   ITL p50     ok  err  inc';
  const lines = [header];
  rows.forEach((row, index) => {
    const live = row.status !== 'pending';
    lines.push(
      [
        String(index + 1).padStart(3),
        row.label.slice(0, 19).padEnd(19),
        row.status.padEnd(9),
        (live ? clock(row.elapsedMs) : '').padStart(7),
        (live && row.status !== 'done' ? clock(row.remainingMs) : '').padStart(6),
        (live ? formatNumber(row.requestsPerSecond, 2) : '').padStart(8),
        (live ? withUnit(row.ttftMsP50, 1, 'ms') : '').padStart(10),
        (live ? withUnit(row.itlMsP50, 2, 'ms') : '').padStart(9),
        (live ? String(row.successful) : '').padStart(6),
        (live ? String(row.errored) : '').padStart(4),
        (live ? String(row.incomplete) : '').padStart(4),
      ].join('  '),
    );
  });
  const done = rows.filter((row) => row.status === 'done').length;
  const current = rows.find((row) => row.status !== 'pending' && row.status !== 'done');
  const total = planned ?? rows.length;
  const fraction = total === 0 ? 0 : (done + (current?.fraction ?? 0)) / total;
  const barWidth = Math.max(10, Math.min(40, width - 40));
  lines.push(
    `overall [${bar(fraction, barWidth)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ` +
      `${done}/${planned === undefined ? '?' : planned} benchmarks done`,
  );
  return lines.map((line) => (line.length > width ? line.slice(0, width) : line));
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
  const rows: Row[] = [];
  let planned: number | undefined;
  let drawnLines = 0;
  let lastDrawAt = -Infinity;

  const rowAt = (index: number, strategy?: StrategySpec): Row => {
    while (rows.length <= index) rows.push(newRow(`benchmark ${rows.length + 1}`));
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
    const lines = renderTable(rows, planned, stream.columns ?? 120);
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
        `inferbench: ${event.profile} against ${event.target} (model ${event.model}${plannedText})\n`,
      );
    },
    onBenchmarkStart(event) {
      if (tty) {
        const row = rowAt(event.index, event.strategy);
        row.status = 'running';
        row.maxSeconds = event.maxSeconds;
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
        row.remainingMs = remainingOf(event, row.maxSeconds);
        row.fraction = event.progress ?? 0;
        row.requestsPerSecond = event.requestsPerSecond;
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

/** A number and its unit, or the no-value mark alone. */
function withUnit(value: number | null, decimals: number, unit: string): string {
  const text = formatNumber(value, decimals);
  return value === null ? text : `${text}${unit}`;
}
