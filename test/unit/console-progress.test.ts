import { describe, expect, it } from 'vitest';
import { createConsoleProgress, type ProgressStream } from '../../src/progress/console-progress.js';
import type { SnapshotEvent } from '../../src/spec/events.js';
import { loadReportFixture } from '../helpers/report-fixture.js';

function fakeStream(isTTY: boolean): ProgressStream & { text: () => string } {
  const chunks: string[] = [];
  return {
    isTTY,
    columns: 120,
    write(text: string) {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
  };
}

const ESC = String.fromCharCode(27);

/** What a terminal shows: applies \r, erase-line and cursor-up-and-erase-below sequences. */
function screen(output: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  // ESC sequences (cursor moves, erases), carriage returns, newlines, and plain text.
  const pattern = new RegExp(`${ESC}\\[(\\d*)([A-Za-z])|\\r|\\n|[^${ESC}\\r\\n]+`, 'g');
  for (const match of output.matchAll(pattern)) {
    const token = match[0];
    if (token === '\n') {
      row++;
      if (lines.length <= row) lines.push('');
    } else if (token === '\r') {
      lines[row] = '';
    } else if (match[2] === 'F') {
      row = Math.max(0, row - Number(match[1] || 1));
    } else if (match[2] === 'J') {
      lines.length = row + 1;
      lines[row] = '';
    } else if (match[2] === 'K') {
      lines[row] = '';
    } else {
      lines[row] = (lines[row] ?? '') + token;
    }
  }
  return lines.filter((line, i) => line !== '' || i < lines.length - 1);
}

const report = loadReportFixture();
const strategy = (i: number) => report.benchmarks[i]!.strategy;

function snapshot(
  index: number,
  elapsedMs: number,
  extra: Partial<SnapshotEvent> = {},
): SnapshotEvent {
  return {
    type: 'snapshot',
    benchmarkIndex: index,
    strategy: strategy(index),
    elapsedMs,
    progress: elapsedMs / 1500,
    dispatched: 10,
    inFlight: 2,
    successful: 7,
    errored: 1,
    incomplete: 0,
    requestsPerSecond: 4.5,
    outputTokensPerSecond: 72,
    ttftMsP50: 31.25,
    itlMsP50: 8.5,
    ttftMsP99: 40,
    ...extra,
  };
}

describe('console progress on a TTY', () => {
  it('keeps one row per planned benchmark with its status and an overall bar', () => {
    let now = 0;
    const stream = fakeStream(true);
    const progress = createConsoleProgress({ stream, now: () => now, ttyIntervalMs: 250 });
    progress.onRunStart!({
      type: 'run-start',
      target: 'http://127.0.0.1:1',
      model: 'm',
      profile: 'constant',
      plannedBenchmarks: 3,
      data: 'synthetic prompt_tokens=16,output_tokens=64',
      tokenizer: { source: 'word', id: 'word' },
    });
    let lines = screen(stream.text());
    expect(lines.filter((line) => line.includes('pending'))).toHaveLength(3);

    progress.onBenchmarkStart!({
      type: 'benchmark-start',
      index: 0,
      strategy: strategy(0),
      maxSeconds: 1.5,
    });
    now = 1000;
    progress.onSnapshot!(snapshot(0, 300, { phase: 'warmup' }));
    lines = screen(stream.text());
    const first = lines.find((line) => line.includes('constant@5/s'))!;
    expect(first).toContain('warmup');
    expect(first).toContain('0:00');
    expect(first).toContain('4.50');
    expect(first).toContain('31.3ms');
    expect(first).toContain('8.50ms');

    // Throttled: a snapshot 100 ms later with the same status does not redraw.
    const before = stream.text().length;
    now = 1100;
    progress.onSnapshot!(snapshot(0, 400, { phase: 'warmup', requestsPerSecond: 9 }));
    expect(stream.text().length).toBe(before);
    // A status change redraws at once.
    progress.onSnapshot!(snapshot(0, 500, { phase: 'running' }));
    expect(screen(stream.text()).find((line) => line.includes('constant@5/s'))).toContain(
      'running',
    );
    now = 1500;
    progress.onSnapshot!(snapshot(0, 1400, { phase: 'cooldown' }));

    progress.onBenchmarkEnd!({ type: 'benchmark-end', benchmark: report.benchmarks[0]! });
    progress.onWarning!({ type: 'warning', code: 'X', message: 'something to know' });
    lines = screen(stream.text());
    // The table is redrawn in place: exactly one header, one row per benchmark.
    expect(
      lines.filter((line) => line.includes('benchmark ') && line.includes('status')),
    ).toHaveLength(1);
    expect(lines.find((line) => line.includes('constant@5/s'))).toContain('done');
    expect(lines.filter((line) => line.includes('pending'))).toHaveLength(2);
    expect(lines.some((line) => line === 'warning: something to know')).toBe(true);
    const overall = lines.find((line) => line.startsWith('overall'))!;
    expect(overall).toContain('33%');
    expect(overall).toContain('1/3 benchmarks done');
  });
});

describe('console progress on a non-TTY stream', () => {
  it('writes plain lines, a snapshot at most every plainIntervalMs, and no escape codes', () => {
    const stream = fakeStream(false);
    const progress = createConsoleProgress({ stream, plainIntervalMs: 1000 });
    progress.onRunStart!({
      type: 'run-start',
      target: 't',
      model: 'm',
      profile: 'constant',
      plannedBenchmarks: 1,
      data: 'synthetic prompt_tokens=16,output_tokens=64',
      tokenizer: { source: 'file', id: '/models/qwen/tokenizer.json' },
    });
    progress.onBenchmarkStart!({ type: 'benchmark-start', index: 0, strategy: strategy(0) });
    for (let elapsed = 0; elapsed <= 3000; elapsed += 250)
      progress.onSnapshot!(snapshot(0, elapsed));
    progress.onBenchmarkEnd!({ type: 'benchmark-end', benchmark: report.benchmarks[0]! });
    progress.onRunEnd!({ type: 'run-end', report });
    const text = stream.text();
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\r');
    const snapshotLines = text.split('\n').filter((line) => line.includes('req/s'));
    expect(snapshotLines).toHaveLength(4); // at 0, 1000, 2000 and 3000 ms
    expect(snapshotLines[0]).toContain('TTFT p50 31.3 ms');
    expect(text).toContain('[1] constant@5/s: max-seconds, 7 ok, 0 errored, 1 incomplete');
  });
});
