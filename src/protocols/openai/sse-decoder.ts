import { StringDecoder } from 'node:string_decoder';

/**
 * An incremental Server-Sent Events decoder for the hot path of a load generator: bytes go in
 * as the socket delivers them, each event's `data` comes out through a callback. It follows
 * the WHATWG event-stream rules that matter for OpenAI-style streams and nothing more.
 */

/**
 * Receives one dispatched event.
 *
 * @param data - The event's data lines joined with `\n` (e.g. a JSON chunk or `[DONE]`).
 * @param event - The `event:` field's value, or `''` when the event had none (a `message`).
 */
export type SseEventHandler = (data: string, event: string) => void;

/** An incremental SSE decoder bound to one response stream. */
export interface SseDecoder {
  /** Decodes the next bytes of the stream, calling the handler for each complete event. */
  push(chunk: Uint8Array): void;
  /**
   * Ends the stream: decodes what is left and dispatches a last event whose blank line never
   * came (a server that closes right after its final `data:` line), then resets the decoder.
   */
  flush(): void;
}

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

/**
 * Where a field's value starts in `text[start, end)` when the line's field name is exactly
 * `name`, or -1. A line with no colon is a field with an empty value.
 */
function valueStart(text: string, start: number, end: number, name: string): number {
  if (!text.startsWith(name, start)) return -1;
  const after = start + name.length;
  if (after === end) return end;
  if (after > end || text.charCodeAt(after) !== COLON) return -1;
  return after + 1 < end && text.charCodeAt(after + 1) === SPACE ? after + 2 : after + 1;
}

class IncrementalSseDecoder implements SseDecoder {
  // StringDecoder, not TextDecoder: ~0.2 µs a read instead of ~0.6 µs in streaming mode.
  private utf8 = new StringDecoder('utf8');
  /** No text decoded yet: a leading byte order mark is still to be dropped. */
  private atStart = true;
  /** An incomplete line carried over to the next chunk (it holds no CR or LF). */
  private tail = '';
  /** Data of the event being read; undefined until a `data` line arrives. */
  private data: string | undefined = undefined;
  private event = '';
  /** The previous chunk ended in CR, so a leading LF completes that CRLF, not a blank line. */
  private skipLf = false;

  constructor(private readonly onEvent: SseEventHandler) {}

  push(chunk: Uint8Array): void {
    // The decoder keeps a multi-byte character split across chunks until its last byte comes.
    this.consume(this.text(this.utf8.write(chunk)));
  }

  flush(): void {
    this.consume(this.text(this.utf8.end()));
    this.utf8 = new StringDecoder('utf8');
    this.atStart = true;
    if (this.tail.length > 0) {
      const line = this.tail;
      this.tail = '';
      this.line(line, 0, line.length);
    }
    this.dispatch();
    this.skipLf = false;
  }

  /** Decoded text, without the byte order mark a stream may open with. */
  private text(decoded: string): string {
    if (!this.atStart || decoded.length === 0) return decoded;
    this.atStart = false;
    return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  }

  private consume(input: string): void {
    if (input.length === 0) return;
    let text = input;
    let pos = 0;
    // The carried tail has no line ending, so scanning resumes where the new input begins;
    // rescanning the tail on every tiny read would be quadratic in the line length.
    let scanFrom = 0;
    if (this.skipLf) {
      this.skipLf = false;
      if (text.charCodeAt(0) === LF) pos = scanFrom = 1;
    } else if (this.tail.length > 0) {
      scanFrom = this.tail.length;
      text = this.tail + input;
      this.tail = '';
    }
    // Most servers send LF only: one cheap check lets the common case use a single indexOf.
    const hasCr = input.indexOf('\r') !== -1;
    const length = text.length;
    while (pos < length) {
      let end = text.indexOf('\n', scanFrom);
      if (hasCr) {
        const cr = text.indexOf('\r', scanFrom);
        if (cr !== -1 && (end === -1 || cr < end)) end = cr;
      }
      if (end === -1) {
        this.tail = pos === 0 ? text : text.slice(pos);
        return;
      }
      this.line(text, pos, end);
      if (text.charCodeAt(end) === CR) {
        if (end + 1 === length) {
          this.skipLf = true;
          return;
        }
        pos = text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
      } else {
        pos = end + 1;
      }
      scanFrom = pos;
    }
  }

  private line(text: string, start: number, end: number): void {
    if (start === end) {
      this.dispatch();
      return;
    }
    const first = text.charCodeAt(start);
    if (first === COLON) return;
    if (first === 100 /* d */) {
      const at = valueStart(text, start, end, 'data');
      if (at === -1) return;
      const value = text.slice(at, end);
      this.data = this.data === undefined ? value : `${this.data}\n${value}`;
    } else if (first === 101 /* e */) {
      const at = valueStart(text, start, end, 'event');
      if (at !== -1) this.event = text.slice(at, end);
    }
    // id, retry and unknown fields mean nothing to a one-shot completion stream.
  }

  private dispatch(): void {
    const data = this.data;
    const event = this.event;
    this.data = undefined;
    this.event = '';
    if (data !== undefined) this.onEvent(data, event);
  }
}

/**
 * Creates an SSE decoder that calls `onEvent` synchronously for every event with data, in
 * order. Handles LF, CRLF and lone-CR line endings (also split across chunks), multi-byte
 * UTF-8 characters split across chunks, comments, `data:` with or without a space, multi-line
 * data (joined with `\n`) and the `event` field; `id` and `retry` are ignored.
 *
 * @example
 * ```ts
 * const decoder = createSseDecoder((data) => { if (data !== '[DONE]') handle(JSON.parse(data)); });
 * socketBody.on('data', (chunk) => decoder.push(chunk));
 * socketBody.on('end', () => decoder.flush());
 * ```
 */
export function createSseDecoder(onEvent: SseEventHandler): SseDecoder {
  return new IncrementalSseDecoder(onEvent);
}
