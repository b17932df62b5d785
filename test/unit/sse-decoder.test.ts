import { describe, expect, it } from 'vitest';

import { createSseDecoder } from '../../src/protocols/openai/sse-decoder.js';

const utf8 = new TextEncoder();

interface Event {
  data: string;
  event: string;
}

/** Feeds `chunks` (strings are UTF-8 encoded) and flushes; returns the dispatched events. */
function decode(chunks: readonly (string | Uint8Array)[], flush = true): Event[] {
  const events: Event[] = [];
  const decoder = createSseDecoder((data, event) => events.push({ data, event }));
  for (const chunk of chunks) decoder.push(typeof chunk === 'string' ? utf8.encode(chunk) : chunk);
  if (flush) decoder.flush();
  return events;
}

const payloads = (events: Event[]): string[] => events.map((event) => event.data);

/** A vLLM chat stream as it goes over the wire, with a reasoning model and an emoji. */
const VLLM_TRANSCRIPT = [
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1730000000,"model":"qwen","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1730000000,"model":"qwen","choices":[{"index":0,"delta":{"reasoning_content":"Hmm"},"logprobs":null,"finish_reason":null}]}',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1730000000,"model":"qwen","choices":[{"index":0,"delta":{"content":"Héllo 👋🏽"},"logprobs":null,"finish_reason":null}]}',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1730000000,"model":"qwen","choices":[{"index":0,"delta":{"content":" wörld \\"quoted\\"\\n"},"logprobs":null,"finish_reason":"length"}]}',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1730000000,"model":"qwen","choices":[],"usage":{"prompt_tokens":5,"total_tokens":9,"completion_tokens":4}}',
  'data: [DONE]',
]
  .map((line) => `${line}\n\n`)
  .join('');

describe('createSseDecoder', () => {
  it('splits LF-terminated events', () => {
    expect(payloads(decode(['data: a\n\ndata: b\n\n']))).toEqual(['a', 'b']);
  });

  it('splits CRLF-terminated events', () => {
    expect(payloads(decode(['data: a\r\n\r\ndata: b\r\n\r\n']))).toEqual(['a', 'b']);
  });

  it('splits lone-CR-terminated events', () => {
    expect(payloads(decode(['data: a\r\rdata: b\r\r']))).toEqual(['a', 'b']);
  });

  it('treats a CRLF split across two chunks as one line ending', () => {
    // Read as CR then LF, the LF would be a blank line and dispatch "a" on its own.
    expect(payloads(decode(['data: a\r', '\ndata: b\r', '\n\r', '\n']))).toEqual(['a\nb']);
  });

  it('skips comment lines, also inside an event', () => {
    const events = decode([': keep-alive\n\ndata: a\n: note\ndata: b\n\n:\n\n']);
    expect(payloads(events)).toEqual(['a\nb']);
  });

  it('accepts data: with or without the space and keeps further spaces', () => {
    expect(payloads(decode(['data:{"a":1}\n\ndata:  two\n\n']))).toEqual(['{"a":1}', ' two']);
  });

  it('joins multi-line data with a newline', () => {
    expect(payloads(decode(['data: {"a":\ndata: 1}\n\n']))).toEqual(['{"a":\n1}']);
  });

  it('treats a bare "data" line as an empty data line', () => {
    expect(payloads(decode(['data\n\ndata\ndata: x\n\n']))).toEqual(['', '\nx']);
  });

  it('reports the event field and resets it after each event', () => {
    const events = decode(['event: error\ndata: {"error":"boom"}\n\ndata: next\n\n']);
    expect(events).toEqual([
      { data: '{"error":"boom"}', event: 'error' },
      { data: 'next', event: '' },
    ]);
  });

  it('ignores id, retry, unknown fields and look-alike field names', () => {
    const events = decode(['id: 7\nretry: 100\nfoo: bar\ndatum: no\ndata2: no\ndata: yes\n\n']);
    expect(payloads(events)).toEqual(['yes']);
  });

  it('dispatches nothing for an event without data lines', () => {
    expect(decode(['event: ping\nid: 1\n\n\n\n'])).toEqual([]);
  });

  it('passes [DONE] through as a payload', () => {
    expect(payloads(decode(['data: [DONE]\n\n']))).toEqual(['[DONE]']);
  });

  it('dispatches a last event without its blank line only on flush', () => {
    const events: string[] = [];
    const decoder = createSseDecoder((data) => events.push(data));
    decoder.push(utf8.encode('data: a\n\ndata: tail'));
    expect(events).toEqual(['a']);
    decoder.flush();
    expect(events).toEqual(['a', 'tail']);
    decoder.flush();
    expect(events).toEqual(['a', 'tail']);
  });

  it('dispatches a completed but unterminated event on flush', () => {
    expect(payloads(decode(['data: {"x":1}\n']))).toEqual(['{"x":1}']);
    expect(payloads(decode(['data: {"x":1}\n'], false))).toEqual([]);
  });

  it('keeps a multi-byte character split across chunks intact', () => {
    const bytes = utf8.encode('data: 👋🏽é\n\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      const events = decode([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(payloads(events)).toEqual(['👋🏽é']);
    }
  });

  it('strips a leading byte-order mark', () => {
    expect(payloads(decode(['\uFEFFdata: a\n\n']))).toEqual(['a']);
  });

  it('strips a byte-order mark split across reads, and only at the start of a stream', () => {
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf);
    const events = decode([bom.subarray(0, 1), bom.subarray(1), 'data: a\n\ndata: \uFEFFb\n\n']);
    expect(payloads(events)).toEqual(['a', '\uFEFFb']);
  });

  it('starts afresh after a flush: a new stream may open with a byte-order mark again', () => {
    const seen: string[] = [];
    const decoder = createSseDecoder((data) => seen.push(data));
    decoder.push(utf8.encode('\uFEFFdata: one\n\n'));
    decoder.flush();
    decoder.push(utf8.encode('\uFEFFdata: two\n\n'));
    decoder.flush();
    expect(seen).toEqual(['one', 'two']);
  });

  it('replaces invalid UTF-8 with U+FFFD as TextDecoder does', () => {
    const bytes = Uint8Array.of(...utf8.encode('data: a'), 0xff, 0xc3, ...utf8.encode('b\n\n'));
    expect(payloads(decode([bytes]))).toEqual([new TextDecoder().decode(bytes).slice(6, -2)]);
  });

  it('yields identical payloads for a real transcript split at every byte offset', () => {
    for (const transcript of [
      VLLM_TRANSCRIPT,
      VLLM_TRANSCRIPT.replaceAll('\n', '\r\n'),
      VLLM_TRANSCRIPT.replaceAll('\n', '\r'),
    ]) {
      const bytes = utf8.encode(transcript);
      const whole = payloads(decode([bytes]));
      expect(whole).toHaveLength(6);
      expect(whole[2]).toContain('Héllo 👋🏽');
      expect(whole[5]).toBe('[DONE]');
      for (let cut = 1; cut < bytes.length; cut++) {
        const split = payloads(decode([bytes.subarray(0, cut), bytes.subarray(cut)], false));
        expect(split, `cut at byte ${cut}`).toEqual(whole);
      }
      const oneByteReads = Array.from(bytes, (byte) => Uint8Array.of(byte));
      expect(payloads(decode(oneByteReads, false))).toEqual(whole);
    }
  });
});
