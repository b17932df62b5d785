import type { SnapshotEvent } from '../spec/events.js';
import type { Progress } from '../spec/progress.js';
import { strategyLabel } from '../outputs/strategy-label.js';

/** Where console progress writes: a stream such as `process.stderr`. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Options of {@link createConsoleProgress}. */
export interface ConsoleProgressOptions {
  /** @default process.stderr */
  stream?: ProgressStream;
  /** On a non-TTY stream, at most one snapshot line this often. @default 5000 */
  plainIntervalMs?: number;
}

function formatSnapshot(event: SnapshotEvent): string {
  const percent =
    event.progress === undefined ? '' : ` ${(event.progress * 100).toFixed(0).padStart(3)}%`;
  return (
    `[${event.benchmarkIndex + 1}] ${strategyLabel(event.strategy)}${percent} ${(event.elapsedMs / 1000).toFixed(1)}s` +
    ` | ${event.requestsPerSecond.toFixed(2)} req/s, ${event.outputTokensPerSecond.toFixed(0)} tok/s` +
    ` | TTFT p50 ${event.ttftMsP50.toFixed(1)} ms, ITL p50 ${event.itlMsP50.toFixed(2)} ms` +
    ` | ok ${event.successful}, err ${event.errored}, inc ${event.incomplete}, in flight ${event.inFlight}`
  );
}

/**
 * Creates the console progress sink the CLI uses: on a TTY one status line rewritten in place;
 * elsewhere (CI logs, Kubernetes) a plain line every few seconds. Writes to stderr so stdout
 * stays for the summary.
 */
export function createConsoleProgress(options: ConsoleProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const plainIntervalMs = options.plainIntervalMs ?? 5000;
  let lastPlainAt = -Infinity;
  let lineOpen = false;
  const endLine = (): void => {
    if (lineOpen) stream.write('\n');
    lineOpen = false;
  };
  return {
    onRunStart(event) {
      const planned =
        event.plannedBenchmarks === undefined ? '' : `, ${event.plannedBenchmarks} benchmark(s)`;
      stream.write(
        `inferbench: ${event.profile} against ${event.target} (model ${event.model}${planned})\n`,
      );
    },
    onBenchmarkStart(event) {
      endLine();
      lastPlainAt = -Infinity;
      stream.write(`[${event.index + 1}] ${strategyLabel(event.strategy)}: started\n`);
    },
    onSnapshot(event) {
      if (tty) {
        stream.write(`\r\x1b[2K${formatSnapshot(event)}`);
        lineOpen = true;
      } else if (event.elapsedMs - lastPlainAt >= plainIntervalMs) {
        lastPlainAt = event.elapsedMs;
        stream.write(`${formatSnapshot(event)}\n`);
      }
    },
    onBenchmarkEnd(event) {
      endLine();
      const b = event.benchmark;
      stream.write(
        `[${b.index + 1}] ${strategyLabel(b.strategy)}: ${b.stopReason}, ${b.requestCounts.successful} ok, ` +
          `${b.requestCounts.errored} errored, ${b.requestCounts.incomplete} incomplete\n`,
      );
    },
    onWarning(event) {
      endLine();
      stream.write(`warning: ${event.message}\n`);
    },
    onRunEnd() {
      endLine();
    },
  };
}
