import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { num, title } from '../lib/figures.js';
import type { MockProcess } from '../lib/mock-process.js';

/** What the long run measured. */
export interface RssResult {
  minutes: number;
  ratePerSecond: number;
  /** Resident set (MB) every 10 s. */
  rssMb: number[];
  /** Heap plus external memory (MB) every 10 s. */
  heldMb: number[];
  /** Largest deviation of a sample from the samples' mean, as a fraction of the mean. */
  maxDeviation: number;
  end: Record<string, unknown> | undefined;
}

const MB = 1024 * 1024;

/** One line of bench/sections/rss-child.mjs. */
interface RssSample {
  type: 'sample';
  seconds: number;
  rss: number;
  heapUsed: number;
  external: number;
}

/**
 * RSS over a long constant-rate run: the built client (dist/) in a process of its own against
 * the mock in another, sampling its resident set every 10 s.
 */
export async function measureRss(
  mock: MockProcess,
  minutes: number,
  ratePerSecond: number,
  outputTokens: number,
): Promise<RssResult> {
  title(
    `RSS every 10 s over ${minutes} min at ${ratePerSecond} req/s (${outputTokens}-token streams, mock: TTFT 20 ms, ITL 5 ms)`,
  );
  const script = fileURLToPath(new URL('./rss-child.mjs', import.meta.url));
  const child = spawn(
    process.execPath,
    [script, mock.url, String(minutes), String(ratePerSecond), String(outputTokens)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const result: RssResult = {
    minutes,
    ratePerSecond,
    rssMb: [],
    heldMb: [],
    maxDeviation: NaN,
    end: undefined,
  };
  console.log('  s      RSS MB   heap+external MB');
  for await (const line of createInterface({ input: child.stdout })) {
    const event = JSON.parse(line) as RssSample | (Record<string, unknown> & { type: 'end' });
    if (event.type === 'sample') {
      const held = (event.heapUsed + event.external) / MB;
      result.rssMb.push(event.rss / MB);
      result.heldMb.push(held);
      console.log(`${num(event.seconds, 0, 5)} ${num(event.rss / MB, 1, 9)} ${num(held, 1, 12)}`);
    } else {
      result.end = event;
    }
  }
  const mean = result.rssMb.reduce((sum, value) => sum + value, 0) / result.rssMb.length;
  result.maxDeviation = Math.max(...result.rssMb.map((value) => Math.abs(value - mean) / mean));
  const first = result.rssMb[0] ?? NaN;
  const last = result.rssMb.at(-1) ?? NaN;
  console.log(
    `  RSS ${first.toFixed(1)} MB at 10 s, ${last.toFixed(1)} MB at the end (${(((last - first) / first) * 100).toFixed(1)}%); min ${Math.min(...result.rssMb).toFixed(1)}, max ${Math.max(...result.rssMb).toFixed(1)}; largest deviation from the mean ${(result.maxDeviation * 100).toFixed(1)}% (target ±10%)`,
  );
  console.log(`  run: ${JSON.stringify(result.end)}`);
  return result;
}
