import { describe, expect, it } from 'vitest';
import { createConsoleProgress, type ProgressStream } from '../../src/progress/console-progress.js';
import { fitLabel } from '../../src/progress/live-table.js';
import type { SnapshotEvent } from '../../src/spec/events.js';
import type { StrategySpec } from '../../src/spec/strategy.js';

const ESC = String.fromCharCode(27);

/** A terminal of `columns` characters: it keeps what was written and replays the escapes. */
function fakeTerminal(columns: number): ProgressStream & { screen: () => string[] } {
  let output = '';
  return {
    isTTY: true,
    columns,
    write(text: string) {
      output += text;
      return true;
    },
    screen() {
      const lines: string[] = [''];
      let row = 0;
      const pattern = new RegExp(`${ESC}\\[(\\d*)([A-Za-z])|\\n|[^${ESC}\\n]+`, 'g');
      for (const match of output.matchAll(pattern)) {
        const token = match[0];
        if (token === '\n') {
          row++;
          if (lines.length <= row) lines.push('');
        } else if (match[2] === 'F') {
          row = Math.max(0, row - Number(match[1] || 1));
        } else if (match[2] === 'J') {
          lines.length = row + 1;
          lines[row] = '';
        } else {
          // A line longer than the terminal wraps onto the next row, as a real one would.
          let text = (lines[row] ?? '') + token;
          while (text.length > columns) {
            lines[row] = text.slice(0, columns);
            text = text.slice(columns);
            row++;
            if (lines.length <= row) lines.push('');
          }
          lines[row] = text;
        }
      }
      return lines.filter((line, i) => line !== '' || i < lines.length - 1);
    },
  };
}

/** A sweep's strategies, with the long labels a real sweep has. */
const SWEEP: StrategySpec[] = [
  { type: 'synchronous' },
  { type: 'throughput', maxConcurrency: 512 },
  ...[2.51, 5.02, 7.53, 10.04, 12.55, 15.06, 17.57].map((ratePerSecond): StrategySpec => ({
    type: 'constant',
    ratePerSecond,
    maxConcurrency: 10000,
  })),
  { type: 'poisson', ratePerSecond: 38.37, seed: '42', maxConcurrency: 10000 },
];

function snapshot(index: number, extra: Partial<SnapshotEvent>): SnapshotEvent {
  return {
    type: 'snapshot',
    benchmarkIndex: index,
    strategy: SWEEP[index]!,
    elapsedMs: 1000,
    progress: 0.1,
    dispatched: 0,
    inFlight: 0,
    successful: 0,
    errored: 0,
    incomplete: 0,
    requestsPerSecond: 0,
    outputTokensPerSecond: 0,
    ttftMsP50: null,
    ttftMsP99: null,
    itlMsP50: null,
    ...extra,
  };
}

/** The columns of `header` with their right ends (numbers) or left starts (text). */
function columnEdges(header: string): Map<string, { start: number; end: number }> {
  const edges = new Map<string, { start: number; end: number }>();
  for (const match of header.matchAll(/\S+(?: \S+)*/g)) {
    edges.set(match[0], { start: match.index, end: match.index + match[0].length });
  }
  return edges;
}

describe('the live table on an 80-column terminal', () => {
  it('fits, keeps every value under its header, shortens labels at word boundaries and shows – before the first sample', () => {
    const terminal = fakeTerminal(80);
    let now = 0;
    const progress = createConsoleProgress({ stream: terminal, now: () => now });
    progress.onRunStart!({
      type: 'run-start',
      target: 'http://127.0.0.1:8000',
      model: 'Qwen/Qwen2.5-0.5B-Instruct',
      profile: 'sweep',
      plannedBenchmarks: SWEEP.length,
      data: 'synthetic prompt_tokens=256,output_tokens=128',
      tokenizer: { source: 'hub', id: 'Qwen/Qwen2.5-0.5B-Instruct', revision: 'main' },
    });
    progress.onBenchmarkStart!({ type: 'benchmark-start', index: 0, strategy: SWEEP[0]! });
    progress.onSnapshot!(snapshot(0, { dispatched: 1, inFlight: 1 }));
    let screen = terminal.screen();
    // The run says what it is before anything else.
    expect(screen.slice(0, 5)).toEqual([
      'inferbench: sweep, 10 benchmark(s)',
      '  target:    http://127.0.0.1:8000',
      '  model:     Qwen/Qwen2.5-0.5B-Instruct',
      '  data:      synthetic prompt_tokens=256,output_tokens=128',
      '  tokenizer: Qwen/Qwen2.5-0.5B-Instruct@main (Hugging Face Hub)',
    ]);
    const table = (): string[] => {
      const lines = terminal.screen();
      return lines.slice(lines.findIndex((line) => /^\s*#\s/.test(line)));
    };
    // Before the first sample: no value, not 0.00 or 0.0ms.
    const running = table().find((line) => line.includes('running'))!;
    expect(running).not.toMatch(/0\.00|0\.0ms/);
    expect(running.match(/–/g)?.length).toBeGreaterThanOrEqual(3);

    // Benchmark 1 done; benchmark 2 (the throughput one) running with samples.
    progress.onSnapshot!(
      snapshot(0, {
        phase: 'running',
        elapsedMs: 30_000,
        successful: 40,
        requestsPerSecond: 1.32,
        ttftMsP50: 31.25,
        itlMsP50: 5.7,
      }),
    );
    progress.onBenchmarkStart!({ type: 'benchmark-start', index: 1, strategy: SWEEP[1]! });
    now = 1000;
    progress.onSnapshot!(
      snapshot(1, {
        elapsedMs: 12_345,
        dispatched: 700,
        inFlight: 512,
        successful: 188,
        errored: 3,
        requestsPerSecond: 15.23,
        outputTokensPerSecond: 1949,
        ttftMsP50: 1497.8,
        itlMsP50: 10.52,
      }),
    );
    screen = terminal.screen();
    const lines = table();
    // Nothing wrapped: one header, one row per planned benchmark, the overall line.
    expect(lines).toHaveLength(1 + SWEEP.length + 1);
    for (const line of screen) expect(line.length).toBeLessThan(80);
    const header = lines[0]!;
    expect(lines.filter((line) => line === header)).toHaveLength(1);
    const edges = columnEdges(header);
    for (const name of ['req/s', 'TTFT p50', 'ITL p50', 'ok/err/inc']) {
      const edge = edges.get(name)!;
      expect(edge, name).toBeDefined();
      // Every value ends exactly under its right-aligned header.
      for (const row of lines.slice(1, 3)) {
        expect(row[edge.end - 1], `${name} in ${row}`).not.toBe(' ');
        expect(row[edge.end] ?? ' ', `${name} in ${row}`).toBe(' ');
      }
    }
    const throughputRow = lines[2]!;
    expect(throughputRow.slice(edges.get('req/s')!.start - 2, edges.get('req/s')!.end)).toMatch(
      /^\s*15\.23$/,
    );
    expect(throughputRow).toContain('1497.8ms');
    expect(throughputRow).toContain('188/3/0');
    // Labels: whole, or cut at a word boundary with an ellipsis; status starts in one column.
    const statusStart = edges.get('status')!.start;
    for (const [i, row] of lines.slice(1, -1).entries()) {
      const label = row.slice(4, statusStart).trimEnd();
      const full = i === 0 ? 'synchronous' : i === 1 ? 'throughput (max 512)' : undefined;
      if (full !== undefined) expect(label).toBe(full);
      if (label.endsWith('…')) expect(label.slice(0, -1)).toMatch(/^[a-z]+$/);
      expect(row.slice(statusStart)).toMatch(/^(pending|running|done|warmup|cooldown)\b/);
    }
    expect(lines.at(-1)).toMatch(/^overall \[[#-]+\] +\d+% {2}0\/10 benchmarks done$/);
  });

  it('uses a wider terminal for the time left, tokens/s and requests in flight', () => {
    const terminal = fakeTerminal(132);
    let now = 0;
    const progress = createConsoleProgress({ stream: terminal, now: () => now });
    progress.onRunStart!({
      type: 'run-start',
      target: 't',
      model: 'm',
      profile: 'sweep',
      plannedBenchmarks: 2,
      data: 'synthetic prompt_tokens=8,output_tokens=8',
      tokenizer: { source: 'word', id: 'word' },
    });
    progress.onBenchmarkStart!({
      type: 'benchmark-start',
      index: 0,
      strategy: SWEEP[0]!,
      maxSeconds: 30,
    });
    now = 1000;
    progress.onSnapshot!(
      snapshot(0, { successful: 4, requestsPerSecond: 2, outputTokensPerSecond: 256, inFlight: 1 }),
    );
    const header = terminal.screen().find((line) => /^\s*#\s/.test(line))!;
    expect(header.split(/\s{2,}/)).toEqual([
      '#',
      'benchmark',
      'status',
      'time',
      'left',
      'req/s',
      'tok/s',
      'in flight',
      'TTFT p50',
      'ITL p50',
      'ok/err/inc',
    ]);
    const row = terminal.screen().find((line) => line.includes('running'))!;
    expect(row).toContain('0:29');
    expect(row).toContain('256');
  });
});

describe('fitLabel', () => {
  it('keeps a label that fits and cuts one that does not at a word boundary', () => {
    expect(fitLabel('synchronous', 16)).toBe('synchronous');
    expect(fitLabel('throughput (max 512)', 16)).toBe('throughput…');
    expect(fitLabel('constant@1000000000000/s', 16)).toBe('constant…');
    expect(fitLabel('poisson@38.37/s', 15)).toBe('poisson@38.37/s');
    // A single word longer than the room is the only case cut inside a word.
    expect(fitLabel('supercalifragilistic', 8)).toBe('superca…');
  });
});
