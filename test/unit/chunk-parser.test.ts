import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  createChunkParser,
  errorMessageOf,
  parseChunk,
  parseResponseBody,
} from '../../src/protocols/openai/chunk-parser.js';
import type { ChunkOutcome } from '../../src/protocols/openai/chunk-parser.js';
import type { BackendStreamPart } from '../../src/spec/backend.js';

interface Result {
  outcome: ChunkOutcome;
  parts: BackendStreamPart[];
}

function run(parse: typeof parseChunk, payload: string): Result {
  const parts: BackendStreamPart[] = [];
  const outcome = parse(payload, (part) => parts.push(part));
  return { outcome, parts };
}

/** Parses a whole stream with one stateful parser; returns every part and the outcomes. */
function stream(payloads: readonly string[]): { parts: BackendStreamPart[]; outcomes: string[] } {
  const parser = createChunkParser();
  const parts: BackendStreamPart[] = [];
  const outcomes = payloads.map((payload) => parser.parse(payload, (part) => parts.push(part)));
  return { parts, outcomes };
}

const vllmChunk = (delta: string, extra = ''): string =>
  `{"id":"chatcmpl-9f","object":"chat.completion.chunk","created":1730000000,"model":"Qwen/Qwen2.5-0.5B-Instruct","choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${extra === '' ? 'null' : extra}}]}`;

/** vLLM: role-only first chunk with content "", deltas, a finish chunk, usage with no choices. */
const VLLM = [
  vllmChunk('{"role":"assistant","content":""}'),
  vllmChunk('{"content":"Hello"}'),
  vllmChunk('{"content":" there"}'),
  vllmChunk('{"content":"! \\"quoted\\" \\u00e9\\n"}'),
  vllmChunk('{"content":""}', '"length"'),
  '{"id":"chatcmpl-9f","object":"chat.completion.chunk","created":1730000000,"model":"Qwen/Qwen2.5-0.5B-Instruct","choices":[],"usage":{"prompt_tokens":12,"total_tokens":16,"completion_tokens":4}}',
  '[DONE]',
];

const tgiChunk = (content: string, usage = 'null'): string =>
  `{"object":"chat.completion.chunk","id":"","created":1730000001,"model":"meta-llama/Llama-3.1-8B-Instruct","system_fingerprint":"3.0.1-sha","choices":[{"index":0,"delta":{"role":"assistant","content":${JSON.stringify(content)}},"logprobs":null,"finish_reason":null}],"usage":${usage}}`;

/** TGI: `usage: null` on every chunk, usage on the last. */
const TGI = [
  tgiChunk('Hi'),
  tgiChunk(' you'),
  tgiChunk('', '{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}'),
  '[DONE]',
];

const llamaChunk = (delta: string, tail = ''): string =>
  `{"choices":[{"finish_reason":${tail === '' ? 'null' : '"stop"'},"index":0,"delta":${delta}}],"created":1730000002,"id":"chatcmpl-abc","model":"gpt-3.5-turbo","system_fingerprint":"b4500-1","object":"chat.completion.chunk"${tail}}`;

/** llama.cpp: `timings` and usage on the last chunk. */
const LLAMA_CPP = [
  llamaChunk('{"content":"Yes"}'),
  llamaChunk('{"content":"."}'),
  llamaChunk(
    '{}',
    ',"usage":{"completion_tokens":2,"prompt_tokens":3,"total_tokens":5},"timings":{"prompt_n":3,"prompt_ms":4.1,"predicted_n":2,"predicted_ms":10.2}',
  ),
];

const completionChunk = (text: string): string =>
  `{"id":"cmpl-1","object":"text_completion","created":1730000003,"model":"m","choices":[{"index":0,"text":${JSON.stringify(text)},"logprobs":null,"finish_reason":null,"stop_reason":null}]}`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parseChunk', () => {
  it('reads a vLLM chat stream: no part for the role-only chunk, usage from the empty-choices chunk', () => {
    const { parts, outcomes } = stream(VLLM);
    expect(parts).toEqual([
      { type: 'text', text: 'Hello' },
      { type: 'text', text: ' there' },
      { type: 'text', text: '! "quoted" é\n' },
      { type: 'usage', promptTokens: 12, outputTokens: 4 },
    ]);
    expect(outcomes).toEqual([...Array<string>(6).fill('continue'), 'done']);
  });

  it('reads a TGI stream with usage null on every chunk', () => {
    const { parts } = stream(TGI);
    expect(parts).toEqual([
      { type: 'text', text: 'Hi' },
      { type: 'text', text: ' you' },
      { type: 'usage', promptTokens: 7, outputTokens: 2 },
    ]);
  });

  it('reads a llama.cpp stream with timings on the last chunk', () => {
    const { parts } = stream(LLAMA_CPP);
    expect(parts).toEqual([
      { type: 'text', text: 'Yes' },
      { type: 'text', text: '.' },
      { type: 'usage', promptTokens: 3, outputTokens: 2 },
    ]);
  });

  it('reads text completions from choices[0].text', () => {
    const { parts } = stream([completionChunk('Once'), completionChunk(' upon'), '[DONE]']);
    expect(parts).toEqual([
      { type: 'text', text: 'Once' },
      { type: 'text', text: ' upon' },
    ]);
  });

  it('reads reasoning_content and reasoning deltas, once when a server sends both', () => {
    expect(run(parseChunk, vllmChunk('{"reasoning_content":"think"}')).parts).toEqual([
      { type: 'reasoning', text: 'think' },
    ]);
    expect(run(parseChunk, vllmChunk('{"reasoning":"ponder"}')).parts).toEqual([
      { type: 'reasoning', text: 'ponder' },
    ]);
    expect(
      run(parseChunk, vllmChunk('{"reasoning":"x","reasoning_content":"x","content":null}')).parts,
    ).toEqual([{ type: 'reasoning', text: 'x' }]);
    expect(
      run(parseChunk, vllmChunk('{"role":null,"content":"a","reasoning_content":null}')).parts,
    ).toEqual([{ type: 'text', text: 'a' }]);
  });

  it('reads tool-call deltas, the name included', () => {
    const first = vllmChunk(
      '{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}',
    );
    const next = vllmChunk('{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]}');
    expect(stream([first, next]).parts).toEqual([
      { type: 'tool-call', text: 'get_weather' },
      { type: 'tool-call', text: '{"city":' },
    ]);
  });

  it('turns error objects in the stream into one STREAM_ERROR part', () => {
    const openai = run(
      parseChunk,
      '{"error":{"message":"model overloaded","type":"server_error"}}',
    );
    expect(openai).toEqual({
      outcome: 'error',
      parts: [{ type: 'error', code: 'STREAM_ERROR', message: 'model overloaded' }],
    });
    const vllm = run(
      parseChunk,
      '{"object":"error","message":"prompt too long","type":"BadRequestError","param":null,"code":400}',
    );
    expect(vllm.parts).toEqual([
      { type: 'error', code: 'STREAM_ERROR', message: 'prompt too long' },
    ]);
    const tgi = run(
      parseChunk,
      '{"error":"Request failed during generation","error_type":"generation"}',
    );
    expect(tgi.parts).toEqual([
      { type: 'error', code: 'STREAM_ERROR', message: 'Request failed during generation' },
    ]);
  });

  it('turns malformed JSON and non-objects into INVALID_RESPONSE', () => {
    const broken = run(parseChunk, '{"choices":[{"delta":{"content":"a"}');
    expect(broken.outcome).toBe('error');
    expect(broken.parts).toMatchObject([{ type: 'error', code: 'INVALID_RESPONSE' }]);
    expect(run(parseChunk, '42').parts).toMatchObject([{ code: 'INVALID_RESPONSE' }]);
  });

  it('ignores blank payloads', () => {
    expect(run(parseChunk, '')).toEqual({ outcome: 'continue', parts: [] });
    expect(run(parseChunk, '  ')).toEqual({ outcome: 'continue', parts: [] });
  });
});

describe('parseResponseBody', () => {
  it('reads a non-streaming chat completion', () => {
    const body = JSON.stringify({
      id: 'chatcmpl-2',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Fine.', reasoning_content: 'Let me see' },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 },
    });
    expect(run(parseResponseBody, body).parts).toEqual([
      { type: 'reasoning', text: 'Let me see' },
      { type: 'text', text: 'Fine.' },
      { type: 'usage', promptTokens: 9, outputTokens: 6 },
    ]);
  });

  it('reads a non-streaming text completion', () => {
    const body = `{"id":"cmpl-2","object":"text_completion","created":1,"model":"m","choices":[{"index":0,"text":"abc","finish_reason":"length"}],"usage":{"prompt_tokens":1,"completion_tokens":3,"total_tokens":4}}`;
    expect(run(parseResponseBody, body).parts).toEqual([
      { type: 'text', text: 'abc' },
      { type: 'usage', promptTokens: 1, outputTokens: 3 },
    ]);
  });

  it('reports an unparsable body as INVALID_RESPONSE', () => {
    expect(run(parseResponseBody, '<html>').parts).toMatchObject([{ code: 'INVALID_RESPONSE' }]);
  });
});

describe('errorMessageOf', () => {
  it('reads FastAPI detail bodies and gives up on others', () => {
    expect(errorMessageOf({ detail: 'Not Found' })).toBe('Not Found');
    expect(errorMessageOf({ detail: [{ msg: 'field required' }] })).toBe('field required');
    expect(errorMessageOf({ ok: true })).toBeUndefined();
    expect(errorMessageOf('text')).toBeUndefined();
  });
});

describe('createChunkParser fast path', () => {
  it('skips JSON.parse for steady-state chunks once the shape is proven', () => {
    const parser = createChunkParser();
    const sink = (): void => undefined;
    parser.parse(VLLM[0] as string, sink);
    parser.parse(vllmChunk('{"content":"warm"}'), sink);
    const spy = vi.spyOn(JSON, 'parse');
    const parts: BackendStreamPart[] = [];
    parser.parse(vllmChunk('{"content":" fast"}'), (part) => parts.push(part));
    expect(spy).not.toHaveBeenCalled();
    expect(parts).toEqual([{ type: 'text', text: ' fast' }]);
  });

  it('gives exactly what the full parse gives, for tricky and mutated payloads', () => {
    const warm = vllmChunk('{"content":"warm"}');
    const tricky = [
      vllmChunk('{"content":"\\"content\\":\\"x"}'),
      vllmChunk('{"content":"a","reasoning_content":"b"}'),
      vllmChunk('{"content":"a"}').replace('"a"', '"a","x":"b"'),
      vllmChunk('{"content":"a\\"}'),
      vllmChunk('{"content":"tab\there"}'),
      vllmChunk('{"content":"\\ud83d\\udc4b"}'),
      vllmChunk('{"content":"\\q"}'),
      vllmChunk('{"content":""}'),
      vllmChunk('{"content":"a"}').replace('"a"', '"a"},"x":{"y":"b"'),
      '{"error":{"message":"boom"}}',
      '[DONE]',
    ];
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet = ['"', '\\', '}', ']', ',', ':', 'a', ' ', '\n', 'u', '0', '{'];
    const mutated: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const base = i % 2 === 0 ? warm : (tricky[i % tricky.length] as string);
      const at = Math.floor(random() * base.length);
      const char = alphabet[Math.floor(random() * alphabet.length)] as string;
      mutated.push(
        random() < 0.5
          ? base.slice(0, at) + char + base.slice(at)
          : base.slice(0, at) + base.slice(at + 1),
      );
    }
    const parser = createChunkParser();
    for (const payload of [...tricky, ...mutated]) {
      // Re-warm so the fast path is live for every payload under test.
      parser.parse(warm, () => undefined);
      expect(run(parser.parse.bind(parser), payload), payload).toEqual(run(parseChunk, payload));
    }
  });

  it('matches the full parse over whole transcripts of each server shape', () => {
    for (const transcript of [VLLM, TGI, LLAMA_CPP]) {
      const reference = transcript.flatMap((payload) => run(parseChunk, payload).parts);
      expect(stream(transcript).parts).toEqual(reference);
    }
  });
});
