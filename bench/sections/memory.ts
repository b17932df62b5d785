import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { num, title } from '../lib/figures.js';

/** One measurement of bench/sections/memory-child.ts. */
export interface MemoryResult {
  label: string;
  requests: number;
  parts: number;
  gaps: number;
  /** Heap and external memory (typed arrays included) held after a full GC, per request. */
  bytesPerRequest: number;
  /** Growth of the resident set over the run, per request. */
  rssPerRequest: number;
  /** The record store's own estimate of its bytes (allocated capacity included), per request. */
  storeBytesPerRequest: number;
  seconds: number;
}

/**
 * Memory retained per request: synthetic requests run through the real scheduler against an
 * in-process backend (no network), in a child process with `--expose-gc`; the heap and the
 * typed arrays held after a full GC, with the benchmark's result still referenced, over the
 * number of requests.
 */
export function measureMemory(requests: number): MemoryResult[] {
  title(`Memory retained per request (${requests.toLocaleString('en')} synthetic requests)`);
  const child = fileURLToPath(new URL('./memory-child.ts', import.meta.url));
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', child, String(requests)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const results = output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as MemoryResult);
  console.log('  requests     parts  held B/request  RSS B/request  store B/request  s      what');
  for (const r of results) {
    console.log(
      `${num(r.requests, 0, 10)} ${num(r.parts, 0, 9)} ${num(r.bytesPerRequest, 1, 15)} ${num(r.rssPerRequest, 1, 14)} ${num(r.storeBytesPerRequest, 1, 16)} ${num(r.seconds, 1, 6)}  ${r.label}`,
    );
  }
  console.log(
    '  (held: heap + external after a full GC, result still referenced; store: its allocated columns, doubling slack included)',
  );
  return results;
}
