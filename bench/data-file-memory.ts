// Memory of reading a large data file through the file data source: a JSONL file of a few
// hundred MB (and the same file gzip-compressed) is generated, then read to the end while RSS
// is sampled. Flat memory: RSS stops growing after the first quarter of the rows, and the peak
// growth is a small fraction of the data's size.
// With --expose-gc it also prints the heap retained (after a full GC) at each quarter, which
// separates memory the reader holds from garbage V8 has not collected yet.
// Run: node --expose-gc --import tsx bench/data-file-memory.ts [megabytes]   (default 300)
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { createFileDataSource } from '../src/data/file-source.js';

const TARGET_BYTES = Number(process.argv[2] ?? 300) * 1024 * 1024;
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function retained(): number {
  gc!();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

let rows = 0;

function* lines(): Generator<string> {
  let written = 0;
  rows = 0;
  for (let i = 0; written < TARGET_BYTES; i++, rows++) {
    const line = `${JSON.stringify({
      prompt: `Request ${i}: ${'summarise the following paragraph about rivers and mills. '.repeat(1 + (i % 12))}`,
      system: i % 3 === 0 ? 'You are a careful assistant.' : null,
      output_tokens_count: 32 + (i % 64),
    })}\n`;
    written += line.length;
    yield line;
  }
}

async function measure(path: string, dataBytes: number): Promise<void> {
  const onDisk = (await stat(path)).size;
  const source = createFileDataSource({ type: 'file', path });
  await source.prepare({ seed: 'bench' });
  const baseline = process.memoryUsage().rss;
  const retainedBefore = gc === undefined ? 0 : retained();
  const retainedAt: number[] = [];
  let peak = baseline;
  let count = 0;
  // Peak RSS growth within each quarter of the rows.
  const quarters = [0, 0, 0, 0];
  const started = performance.now();
  for await (const sample of source.samples()) {
    if (sample.prompt.length === 0) throw new Error('empty prompt');
    if (++count % 5_000 === 0) {
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      const quarter = Math.min(3, Math.floor((count / rows) * 4));
      quarters[quarter] = Math.max(quarters[quarter]!, rss - baseline);
      if (gc !== undefined && quarter > retainedAt.length)
        retainedAt.push(retained() - retainedBefore);
    }
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  const seconds = (performance.now() - started) / 1000;
  const growth = peak - baseline;
  const label = path.endsWith('.gz') ? 'gzip ' : 'plain';
  console.log(
    `${label}: ${(dataBytes / MB).toFixed(0)} MB of JSONL (${(onDisk / MB).toFixed(0)} MB on disk), ${count} rows in ${seconds.toFixed(1)} s (${(count / seconds / 1000).toFixed(0)}k rows/s)`,
  );
  console.log(
    `${label}: RSS ${(baseline / MB).toFixed(0)} MB before; peak growth by quarter of the rows ${quarters.map((bytes) => `${(bytes / MB).toFixed(0)} MB`).join(', ')}; peak growth / data size = ${(growth / dataBytes).toFixed(3)}`,
  );
  if (gc !== undefined) {
    console.log(
      `${label}: heap retained after a full GC at 1/4, 2/4, 3/4 of the rows: ${retainedAt.map((bytes) => `${(bytes / MB).toFixed(1)} MB`).join(', ')}`,
    );
  }
}

const dir = await mkdtemp(join(tmpdir(), 'inferbench-bench-data-'));
try {
  const plain = join(dir, 'prompts.jsonl');
  const gzip = join(dir, 'prompts.jsonl.gz');
  await pipeline(Readable.from(lines()), createWriteStream(plain));
  await pipeline(Readable.from(lines()), createGzip({ level: 1 }), createWriteStream(gzip));
  const dataBytes = (await stat(plain)).size;
  await measure(plain, dataBytes);
  await measure(gzip, dataBytes);
} finally {
  await rm(dir, { recursive: true, force: true });
}
