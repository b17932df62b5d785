import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SseBodyReader } from '../../src/backends/openai-response.js';
import { RecordStore } from '../../src/core/record-store.js';
import { RequestTimer } from '../../src/core/request-timer.js';
import { computeRequestMetrics } from '../../src/metrics/request-metrics.js';
import type { Clock } from '../../src/spec/clock.js';

/**
 * vLLM's scripted-clock timing vector (tests/benchmarks/test_endpoint_request_func_timing.py):
 * every clock read advances one tick, so each duration counts clock reads. The stream goes
 * through the real SSE decoder, chunk parser and request timer.
 */
const { timing } = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '..', 'fixtures', 'vectors', 'vllm-benchmarks.json'),
    'utf8',
  ),
);

function scriptedClock(start: number, tick: number): Clock {
  let now = start;
  return {
    now: () => {
      const value = now;
      now += tick;
      return value;
    },
  };
}

/** The SSE body vLLM's test sends: n token chunks, the usage trailer, then [DONE]. */
function streamBody(chunk: { choices: unknown[] }): string {
  const frames: unknown[] = [];
  for (let i = 0; i < timing.nTokens; i++) {
    frames.push(JSON.parse(JSON.stringify(chunk).replace('{i}', String(i))));
  }
  frames.push(timing.usageChunk);
  return `${frames.map((frame) => `data: ${JSON.stringify(frame)}\n\n`).join('')}data: [DONE]\n\n`;
}

function measure(chunk: { choices: unknown[] }) {
  const { start, tick } = timing.clock as { start: number; tick: number };
  const timer = new RequestTimer(scriptedClock(start, tick), 0, false);
  // One read at the request's start, as vLLM takes its start time.
  const dispatchedAt = timer.now();
  const reader = new SseBodyReader(timer.onPart);
  reader.push(Buffer.from(streamBody(chunk)));
  reader.end();
  const endedAt = timer.now();
  const store = new RecordStore();
  store.append(
    timer.finish({
      index: 0,
      status: 'successful',
      scheduledAt: dispatchedAt,
      dispatchedAt,
      endedAt,
      dataPromptTokens: timing.promptTokens,
    }),
  );
  return computeRequestMetrics(store, { startMs: 0, endMs: endedAt });
}

describe.each([
  ['chat', timing.chatChunk],
  ['completions', timing.completionChunk],
])('vLLM scripted-clock vector, %s chunks', (_shape, chunk) => {
  const expected = timing.expected as {
    latencyTicks: number;
    ttftTicks: number;
    itlTicks: number[];
    outputTokens: number;
  };

  it('ends the last-token latency at the last token, as vLLM ends E2EL', () => {
    const metrics = measure(chunk);
    expect(metrics.lastTokenLatencyMs.successful.mean).toBe(expected.latencyTicks);
    expect(metrics.ttftMs.successful.mean).toBe(expected.ttftTicks);
    expect(metrics.itlMs.successful).toMatchObject({
      count: expected.itlTicks.length,
      sum: expected.itlTicks.reduce((a, b) => a + b, 0),
      min: 1,
      max: 1,
    });
    expect(metrics.outputTokens.successful.mean).toBe(expected.outputTokens);
  });

  it('keeps vLLM’s identity: last-token latency − TTFT = Σ ITL = decode time, and TPOT agrees', () => {
    const metrics = measure(chunk);
    const lastToken = metrics.lastTokenLatencyMs.successful.mean!;
    const ttft = metrics.ttftMs.successful.mean!;
    expect(lastToken - ttft).toBe(metrics.itlMs.successful.sum);
    expect(metrics.decodeTimeMs.successful.mean).toBe(lastToken - ttft);
    // vLLM's TPOT: (latency − ttft) / (output tokens − 1).
    expect(metrics.tpotMs.successful.mean).toBe((lastToken - ttft) / (expected.outputTokens - 1));
  });

  it('runs the stream-consumed latency on through the usage trailer and the end of the body', () => {
    const metrics = measure(chunk);
    // Reads after the last token: the usage trailer's part (1) and the end of the body (1).
    expect(metrics.requestLatencyMs.successful.mean).toBe(expected.latencyTicks + 2);
  });
});
