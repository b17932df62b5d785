import { shorten } from '../../internal/messages.js';
import type { BackendStreamPart } from '../../spec/backend.js';

/**
 * Turns OpenAI-style JSON payloads (stream chunks and whole response bodies) into
 * {@link BackendStreamPart}s. The stream parser has a fast path for the common shape, where a
 * chunk differs from the previous one only in its text; see {@link createChunkParser}.
 */

/** Receives one decoded part. */
export type PartHandler = (part: BackendStreamPart) => void;

/** What a payload meant for the stream: keep reading, it was `[DONE]`, or it was an error. */
export type ChunkOutcome = 'continue' | 'done' | 'error';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The human message of an error body or in-stream error object, shortened, or `undefined`
 * when `value` carries none. Understands OpenAI `{error: {message}}`, TGI `{error: 'text'}`,
 * older vLLM `{object: 'error', message}` and FastAPI `{detail}` bodies.
 */
export function errorMessageOf(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const error = value['error'];
  const nested = isObject(error) ? nonEmpty(error['message']) : nonEmpty(error);
  if (nested !== undefined) return shorten(nested);
  const message = nonEmpty(value['message']);
  if (message !== undefined) return shorten(message);
  const detail = value['detail'];
  if (typeof detail === 'string' && detail.length > 0) return shorten(detail);
  if (Array.isArray(detail) && isObject(detail[0])) {
    const first = nonEmpty(detail[0]['msg']);
    if (first !== undefined) return shorten(first);
  }
  return undefined;
}

function isErrorObject(value: JsonObject): boolean {
  const error = value['error'];
  return (error !== undefined && error !== null) || value['object'] === 'error';
}

/** Emits the parts of one choice's `delta` (stream) or `message` (whole response). */
function emitMessage(message: JsonObject, onPart: PartHandler): void {
  // vLLM has sent both names with the same text; take one so the reasoning is not doubled.
  const reasoning = nonEmpty(message['reasoning_content']) ?? nonEmpty(message['reasoning']);
  if (reasoning !== undefined) onPart({ type: 'reasoning', text: reasoning });
  const content = nonEmpty(message['content']);
  if (content !== undefined) onPart({ type: 'text', text: content });
  const toolCalls = message['tool_calls'];
  if (!Array.isArray(toolCalls)) return;
  for (const call of toolCalls) {
    const fn = isObject(call) ? call['function'] : undefined;
    if (!isObject(fn)) continue;
    // The name is generated too: the first delta of a call often carries only the name.
    const text = (nonEmpty(fn['name']) ?? '') + (nonEmpty(fn['arguments']) ?? '');
    if (text.length > 0) onPart({ type: 'tool-call', text });
  }
}

/**
 * Emits the parts of one parsed chunk or response body. Returns `'error'` when it emitted an
 * error part (which is then the only part).
 */
function emitObject(value: unknown, onPart: PartHandler): ChunkOutcome {
  if (!isObject(value)) {
    onPart({ type: 'error', code: 'INVALID_RESPONSE', message: 'expected a JSON object' });
    return 'error';
  }
  if (isErrorObject(value)) {
    const message = errorMessageOf(value) ?? 'the server sent an error without a message';
    onPart({ type: 'error', code: 'STREAM_ERROR', message });
    return 'error';
  }
  const choices = value['choices'];
  const choice = Array.isArray(choices) ? (choices[0] as unknown) : undefined;
  if (isObject(choice)) {
    const message = choice['delta'] ?? choice['message'];
    if (isObject(message)) emitMessage(message, onPart);
    const text = nonEmpty(choice['text']);
    if (text !== undefined) onPart({ type: 'text', text });
  }
  const usage = value['usage'];
  if (isObject(usage)) {
    const prompt = usage['prompt_tokens'];
    const completion = usage['completion_tokens'];
    const part: { type: 'usage'; promptTokens?: number; outputTokens?: number } = {
      type: 'usage',
    };
    if (typeof prompt === 'number') part.promptTokens = prompt;
    if (typeof completion === 'number') part.outputTokens = completion;
    onPart(part);
  }
  return 'continue';
}

function invalidJson(payload: string): BackendStreamPart {
  const shown = payload.length > 60 ? `${payload.slice(0, 57)}...` : payload;
  return { type: 'error', code: 'INVALID_RESPONSE', message: `malformed JSON: ${shown}` };
}

/** True for a payload that carries nothing (a keep-alive `data:` line). */
function isBlank(payload: string): boolean {
  return payload.length === 0 || payload.trim().length === 0;
}

/**
 * Parses one stream payload with a full `JSON.parse` (no fast path, no state): the reference
 * behaviour {@link createChunkParser} must match.
 */
export function parseChunk(payload: string, onPart: PartHandler): ChunkOutcome {
  if (payload === '[DONE]') return 'done';
  if (isBlank(payload)) return 'continue';
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    onPart(invalidJson(payload));
    return 'error';
  }
  return emitObject(value, onPart);
}

/**
 * Parses a whole non-streaming response body (`chat.completion` or `text_completion`) into
 * reasoning, text, tool-call and usage parts, or one error part.
 */
export function parseResponseBody(body: string, onPart: PartHandler): ChunkOutcome {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    onPart(invalidJson(body));
    return 'error';
  }
  return emitObject(value, onPart);
}

/** A stateful parser for the payloads of one response stream. */
export interface ChunkParser {
  /** Emits the parts of one `data:` payload and says what it meant for the stream. */
  parse(payload: string, onPart: PartHandler): ChunkOutcome;
}

/** The raw text around the one string literal that differs between a stream's chunks. */
interface Skeleton {
  prefix: string;
  suffix: string;
  type: 'text' | 'reasoning';
}

/** Two probe literals no real chunk carries, with their decoded values. */
const PROBES = [
  ['\\u0000inferbench-1\\u0000', '\u0000inferbench-1\u0000'],
  ['\\u0000inferbench-2\\u0000', '\u0000inferbench-2\u0000'],
] as const;
const TEXT_KEYS = ['"content":"', '"text":"'] as const;
const REASONING_KEYS = ['"reasoning_content":"', '"reasoning":"'] as const;
/** Skeleton builds allowed per stream, so a server whose chunks never repeat costs little. */
const MAX_SKELETON_BUILDS = 4;

/** True when `body` is a JSON string body that stands for itself (no escapes, quotes, controls). */
function isPlainStringBody(body: string): boolean {
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c) return false;
  }
  return true;
}

/** Index of the quote that closes the string literal opening at `open`, or -1. */
function closingQuote(payload: string, open: number): number {
  for (let i = open + 1; i < payload.length; i++) {
    const code = payload.charCodeAt(i);
    if (code === 0x5c) i++;
    else if (code === 0x22) return i;
  }
  return -1;
}

/** True when `prefix + probe + suffix` parses to exactly one part of `type` holding `value`. */
function probeYields(
  prefix: string,
  suffix: string,
  probe: readonly [string, string],
  type: 'text' | 'reasoning',
): boolean {
  let count = 0;
  let yielded = false;
  try {
    emitObject(JSON.parse(prefix + probe[0] + suffix), (part) => {
      count++;
      yielded = part.type === type && part.text === probe[1];
    });
  } catch {
    return false;
  }
  return count === 1 && yielded;
}

/**
 * Finds the string literal that carried `part` and proves it is the only thing the part
 * depends on: with that literal replaced by either of two different probes, the payload must
 * parse to exactly one part of the same type holding that probe. Since the parts depend on
 * other values only through their presence and emptiness, any later payload that is the same
 * prefix and suffix around another valid, non-empty literal parses to that one part with the
 * literal's value, which is what the fast path emits.
 */
function buildSkeleton(payload: string, part: BackendStreamPart): Skeleton | undefined {
  if (part.type !== 'text' && part.type !== 'reasoning') return undefined;
  for (const key of part.type === 'text' ? TEXT_KEYS : REASONING_KEYS) {
    const at = payload.lastIndexOf(key);
    if (at === -1) continue;
    const open = at + key.length - 1;
    const close = closingQuote(payload, open);
    if (close === -1) continue;
    const prefix = payload.slice(0, open + 1);
    const suffix = payload.slice(close);
    if (PROBES.every((probe) => probeYields(prefix, suffix, probe, part.type))) {
      return { prefix, suffix, type: part.type };
    }
  }
  return undefined;
}

class StreamChunkParser implements ChunkParser {
  private skeleton: Skeleton | undefined = undefined;
  private buildsLeft = MAX_SKELETON_BUILDS;

  parse(payload: string, onPart: PartHandler): ChunkOutcome {
    const skeleton = this.skeleton;
    const text = skeleton === undefined ? undefined : fastText(payload, skeleton);
    if (text !== undefined) {
      onPart({ type: (skeleton as Skeleton).type, text });
      return 'continue';
    }
    let count = 0;
    let only: BackendStreamPart | undefined;
    const outcome = parseChunk(payload, (part) => {
      count++;
      only = part;
      onPart(part);
    });
    if (outcome === 'continue' && count === 1 && this.buildsLeft > 0 && only !== undefined) {
      if (only.type === 'text' || only.type === 'reasoning') {
        this.buildsLeft--;
        this.skeleton = buildSkeleton(payload, only) ?? this.skeleton;
      }
    }
    return outcome;
  }
}

/** The chunk's text when it matches `skeleton`, else undefined (full parse). */
function fastText(payload: string, skeleton: Skeleton): string | undefined {
  const { prefix, suffix } = skeleton;
  const end = payload.length - suffix.length;
  // At least one character: an empty literal means no part, which the full parse decides.
  // Slice-and-compare measured about twice as fast as startsWith on V8 for ~150-char prefixes.
  if (
    end <= prefix.length ||
    payload.slice(0, prefix.length) !== prefix ||
    payload.slice(end) !== suffix
  ) {
    return undefined;
  }
  const body = payload.slice(prefix.length, end);
  if (isPlainStringBody(body)) return body;
  try {
    // Succeeds only when the body is exactly one valid string literal's content.
    const value: unknown = JSON.parse(`"${body}"`);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates the parser for one response stream. Payloads go through `JSON.parse` until one
 * carrying a single text or reasoning delta proves a skeleton (see `buildSkeleton`); after
 * that, chunks identical to it but for their text are read without `JSON.parse`, and anything
 * else still gets the full parse. Its output equals {@link parseChunk}'s for every payload.
 */
export function createChunkParser(): ChunkParser {
  return new StreamChunkParser();
}
