import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTranscript, type MockServer } from '../../src/mock-server/index.js';
import { BenchmarkReportSchema } from '../../src/report/report-schema.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import { useMockServers } from '../helpers/mock-servers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'transcripts');

let server: MockServer | undefined;
const mocks = useMockServers();

interface Expected {
  /** When the first content part is due (reasoning counts), ms after the request arrives. */
  ttftMs: number;
  /** When the first non-reasoning output part is due. */
  ttfotMs: number;
  contentParts: number;
  outputTokens: number;
  outputTokensSource: 'server' | 'parts';
  promptTokens?: number;
  text?: string;
}

// Times are the fixtures' cumulative frame delays up to the first (output) content frame.
const CASES: [string, Expected][] = [
  [
    'vllm-chat.json',
    {
      ttftMs: 60,
      ttfotMs: 60,
      contentParts: 5,
      outputTokens: 5,
      outputTokensSource: 'server',
      promptTokens: 12,
      text: ' The sky is blue.',
    },
  ],
  [
    'sglang-chat.json',
    {
      ttftMs: 60,
      ttfotMs: 60,
      contentParts: 4,
      outputTokens: 4,
      outputTokensSource: 'server',
      promptTokens: 9,
    },
  ],
  [
    'vllm-reasoning-content.json',
    {
      ttftMs: 60,
      ttfotMs: 105,
      contentParts: 7,
      outputTokens: 7,
      outputTokensSource: 'server',
      promptTokens: 20,
      text: 'The answer is 4',
    },
  ],
  [
    'openrouter-reasoning.json',
    {
      ttftMs: 60,
      ttfotMs: 105,
      contentParts: 5,
      outputTokens: 5,
      outputTokensSource: 'parts',
      text: 'Yes.',
    },
  ],
  [
    'tgi-chat.json',
    {
      ttftMs: 60,
      ttfotMs: 60,
      contentParts: 4,
      outputTokens: 4,
      outputTokensSource: 'server',
      promptTokens: 11,
      text: 'Deep learning is a',
    },
  ],
  [
    'llamacpp-chat.json',
    {
      ttftMs: 60,
      ttfotMs: 60,
      contentParts: 3,
      outputTokens: 3,
      outputTokensSource: 'server',
      promptTokens: 14,
    },
  ],
  // Ollama's usage counts the end token that the stream never shows as text.
  [
    'ollama-chat.json',
    {
      ttftMs: 60,
      ttfotMs: 60,
      contentParts: 4,
      outputTokens: 5,
      outputTokensSource: 'server',
      promptTokens: 26,
    },
  ],
  [
    'openai-chat.json',
    {
      ttftMs: 60,
      ttfotMs: 60,
      contentParts: 3,
      outputTokens: 3,
      outputTokensSource: 'server',
      promptTokens: 8,
      text: 'Hi there!',
    },
  ],
  [
    'proxy-keepalive.json',
    {
      ttftMs: 60,
      ttfotMs: 60,
      contentParts: 3,
      outputTokens: 3,
      outputTokensSource: 'parts',
      text: 'One two three',
    },
  ],
  [
    'multi-token-chunks.json',
    {
      ttftMs: 60,
      ttfotMs: 60,
      contentParts: 3,
      outputTokens: 7,
      outputTokensSource: 'server',
      promptTokens: 16,
    },
  ],
  [
    'utf8-split.json',
    {
      ttftMs: 60,
      ttfotMs: 60,
      contentParts: 3,
      outputTokens: 3,
      outputTokensSource: 'server',
      promptTokens: 5,
      text: 'Un café ☕!',
    },
  ],
];

/**
 * Loopback overhead and timer lateness on a busy CI host. The lower bounds are what tell a
 * wrong first-token choice apart (a role chunk or a keep-alive comment comes 30 to 60 ms early).
 */
const SLACK_MS = 45;

describe('real servers stream shapes, replayed with their timing', () => {
  it.each(CASES)('%s', async (file, expected) => {
    server = await mocks.start({ transcript: await loadTranscript(join(FIXTURES, file)) });
    const report = BenchmarkReportSchema.parse(
      await runBenchmark({
        target: server.url,
        model: 'any',
        data: 'prompt_tokens=8,output_tokens=4',
        profile: 'synchronous',
        maxRequests: 3,
        retainRequests: true,
        retainText: true,
      }),
    );
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.requestCounts).toEqual({ successful: 3, errored: 0, incomplete: 0, total: 3 });
    expect(benchmark.errorsByCode).toEqual({});
    for (const request of benchmark.requests!) {
      expect(request.status).toBe('successful');
      const ttft = request.firstTokenAt! - request.dispatchedAt!;
      const ttfot = request.firstOutputTokenAt! - request.dispatchedAt!;
      expect(ttft).toBeGreaterThanOrEqual(expected.ttftMs - 1);
      expect(ttft).toBeLessThan(expected.ttftMs + SLACK_MS);
      expect(ttfot).toBeGreaterThanOrEqual(expected.ttfotMs - 1);
      expect(ttfot).toBeLessThan(expected.ttfotMs + SLACK_MS);
      expect(request.contentParts).toBe(expected.contentParts);
      expect(request.outputTokens).toBe(expected.outputTokens);
      expect(request.outputTokensSource).toBe(expected.outputTokensSource);
      if (expected.promptTokens !== undefined) {
        expect(request.promptTokens).toBe(expected.promptTokens);
        expect(request.promptTokensSource).toBe('server');
      } else {
        expect(request.promptTokensSource).toBe('data');
      }
      if (expected.text !== undefined) expect(request.outputText).toContain(expected.text);
      expect(request.outputText).not.toContain('\uFFFD');
    }
    const ttftP50 = benchmark.metrics.ttftMs.successful.percentiles.p50!;
    expect(ttftP50).toBeGreaterThanOrEqual(expected.ttftMs - 1);
    // Reasoning delays the first output token by three 15 ms gaps; without reasoning they coincide.
    const ttfotLead = benchmark.metrics.ttfotMs.successful.percentiles.p50! - ttftP50;
    expect(ttfotLead).toBeGreaterThanOrEqual(expected.ttfotMs - expected.ttftMs - 5);
    expect(ttfotLead).toBeLessThanOrEqual(expected.ttfotMs - expected.ttftMs + 15);
  });

  it('replays each frame as its own write, at its own time', async () => {
    const transcript = await loadTranscript(join(FIXTURES, 'multi-token-chunks.json'));
    server = await mocks.start({ transcript });
    const started = performance.now();
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"messages":[{"role":"user","content":"hi"}],"stream":true}',
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const arrivals: number[] = [];
    let text = '';
    for await (const chunk of response.body!) {
      arrivals.push(performance.now() - started);
      text += Buffer.from(chunk).toString('utf8');
    }
    expect(text).toBe(transcript.frames.map((frame) => frame.data).join(''));
    // Frames at 0, 60, 100 and 140 ms: the last content frame cannot come before 140 ms.
    expect(arrivals.at(-1)!).toBeGreaterThanOrEqual(139);
  });
});
