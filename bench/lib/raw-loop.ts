import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

/** What one raw-loop run measured. */
export interface RawLoopResult {
  completed: number;
  chunks: number;
  durationMs: number;
  /** Client CPU (user + system) over the timed part, µs. */
  cpuMicros: number;
  /** Each completed request's TTFT (first content delta minus send), ms. */
  ttftMs: Float64Array;
}

/** Settings shared by the raw loop and inferbench, so the two send the same requests. */
export interface LoadShape {
  url: string;
  model: string;
  /** Prompts, sent in turn (the same ones inferbench's data source made). */
  prompts: readonly string[];
  outputTokens: number;
}

const CONTENT = '"content":"';

/**
 * The baseline: the least a Node client can do to run `requests` requests, `concurrency` at a
 * time in a closed loop, with
 * undici's `Pool.request`, reading each content delta (split SSE events, find the content
 * field by `indexOf`, take its text). Its pool is opened and warmed before the clock starts.
 */
export async function runRawLoop(
  shape: LoadShape,
  concurrency: number,
  requests: number,
): Promise<RawLoopResult> {
  const pool = new Pool(shape.url, { connections: concurrency, pipelining: 1 });
  // Bodies are built before the clock: the floor does no work it can avoid.
  const bodies = shape.prompts.map((prompt) =>
    JSON.stringify({
      model: shape.model,
      messages: [{ role: 'user', content: prompt }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: shape.outputTokens,
      max_completion_tokens: shape.outputTokens,
      ignore_eos: true,
      min_tokens: shape.outputTokens,
    }),
  );
  let sent = 0;
  const headers = { 'content-type': 'application/json', accept: 'text/event-stream' };
  const ttft: number[] = [];
  let chunks = 0;
  let textLength = 0;

  async function one(): Promise<void> {
    const body = bodies[sent++ % bodies.length]!;
    const sentAt = performance.now();
    const response = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers,
      body,
    });
    let firstAt = NaN;
    let carry = '';
    response.body.setEncoding('utf8');
    for await (const piece of response.body as AsyncIterable<string>) {
      const text = carry + piece;
      let from = 0;
      for (let end = text.indexOf('\n\n', from); end !== -1; end = text.indexOf('\n\n', from)) {
        const at = text.indexOf(CONTENT, from);
        if (at !== -1 && at < end) {
          const start = at + CONTENT.length;
          const close = text.indexOf('"', start);
          if (close > start) {
            if (Number.isNaN(firstAt)) firstAt = performance.now();
            textLength += close - start;
            chunks++;
          }
        }
        from = end + 2;
      }
      carry = text.slice(from);
    }
    ttft.push(firstAt - sentAt);
  }

  // Warm-up: open every connection before the clock starts, as inferbench does.
  await Promise.all(Array.from({ length: concurrency }, one));
  ttft.length = 0;
  chunks = 0;
  let started = 0;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < requests) {
        started++;
        await one();
      }
    }),
  );
  const end = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  await pool.close();
  if (textLength < 0) throw new Error('unreachable');
  return {
    completed: ttft.length,
    chunks,
    durationMs: end - start,
    cpuMicros: cpu.user + cpu.system,
    ttftMs: Float64Array.from(ttft),
  };
}
