import type { Dispatcher } from 'undici';

import { createChunkParser, errorMessageOf } from '../protocols/openai/chunk-parser.js';
import type { PartHandler } from '../protocols/openai/chunk-parser.js';
import { createSseDecoder } from '../protocols/openai/sse-decoder.js';

/** Reading response bodies for the OpenAI HTTP backend: SSE streams and capped error bodies. */

/** A response body as undici hands it over. */
export type ResponseBody = Dispatcher.ResponseData['body'];

/** Error bodies are read this far at most: the message is all we keep. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Reads a body as UTF-8 text, up to 64 KiB (enough for any error message). */
export async function readCapped(body: ResponseBody): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ERROR_BODY_BYTES) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Whether to read a 2xx body as SSE, by its declared content type. */
export function isEventStream(
  contentType: string | string[] | undefined,
  streamed: boolean,
): boolean {
  const type = Array.isArray(contentType) ? contentType[0] : contentType;
  if (type === undefined) return streamed;
  // A server may ignore `stream` and answer JSON; read whatever it declares.
  return type.includes('event-stream') || (streamed && !type.includes('json'));
}

/** An {@link SseBodyReader} reads on. */
export const SSE_READING = 0;
/** The stream said all it will: `[DONE]`, or its end. */
export const SSE_DONE = 1;
/** The stream failed (an error event or payload), or reading was stopped. */
export const SSE_STOPPED = 2;
export type SseBodyState = typeof SSE_READING | typeof SSE_DONE | typeof SSE_STOPPED;

/**
 * Reads one SSE response body, whatever carries its bytes: each `push` decodes what arrived
 * and emits its parts synchronously. It stops reading at `[DONE]` (later bytes are the
 * connection's to drain) and at an error event or payload (after its one error part, the
 * connection is not worth keeping); `state` says which.
 */
export class SseBodyReader {
  state: SseBodyState = SSE_READING;
  private readonly parser = createChunkParser();
  private readonly decoder = createSseDecoder((data, event) => this.onEvent(data, event));

  constructor(private readonly onPart: PartHandler) {}

  push(chunk: Uint8Array): void {
    if (this.state === SSE_READING) this.decoder.push(chunk);
  }

  /** The body ended: a stream without `[DONE]` is complete, and its last event may lack its blank line. */
  end(): void {
    if (this.state !== SSE_READING) return;
    this.decoder.flush();
    if (this.state === SSE_READING) this.state = SSE_DONE;
  }

  /** Reads nothing more (the request was aborted or timed out). */
  stop(): void {
    this.state = SSE_STOPPED;
  }

  private onEvent(data: string, event: string): void {
    if (this.state !== SSE_READING) return;
    if (event === 'error') {
      this.onPart({ type: 'error', code: 'STREAM_ERROR', message: streamErrorMessage(data) });
      this.state = SSE_STOPPED;
      return;
    }
    const outcome = this.parser.parse(data, this.onPart);
    // A part may have stopped the reader (its request aborted): that stop stands.
    if (this.state !== SSE_READING) return;
    if (outcome === 'done') this.state = SSE_DONE;
    else if (outcome === 'error') this.state = SSE_STOPPED;
  }
}

function streamErrorMessage(data: string): string {
  try {
    return errorMessageOf(JSON.parse(data)) ?? 'the server sent an error event';
  } catch {
    return data.trim() === '' ? 'the server sent an error event' : data.trim().slice(0, 300);
  }
}
