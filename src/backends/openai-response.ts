import type { Dispatcher } from 'undici';

import { createChunkParser, errorMessageOf } from '../protocols/openai/chunk-parser.js';
import type { PartHandler } from '../protocols/openai/chunk-parser.js';
import { createSseDecoder } from '../protocols/openai/sse-decoder.js';

/** Reading response bodies for the OpenAI HTTP backend: SSE streams and capped error bodies. */

/** A response body as undici hands it over. */
export type ResponseBody = Dispatcher.ResponseData['body'];

/** Error bodies are read this far at most: the message is all we keep. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

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

/** Why a stream stopped being read; `error` carries a transport failure to classify. */
export type StreamEnd =
  { kind: 'ended' } | { kind: 'stopped' } | { kind: 'failed'; error: unknown };

/**
 * Reads an SSE body, emitting parts synchronously as each network chunk decodes. Resolves at
 * `[DONE]` (the rest drains in the background), at the body's end, on an error part, on a
 * transport failure, or at once when `signal` aborts.
 */
export function consumeStream(
  body: ResponseBody,
  signal: AbortSignal,
  onPart: PartHandler,
): Promise<StreamEnd> {
  return new Promise<StreamEnd>((resolve, reject) => {
    let finished = false;
    const finish = (end: StreamEnd): void => {
      if (finished) return;
      finished = true;
      signal.removeEventListener('abort', onAbort);
      resolve(end);
    };
    const onAbort = (): void => {
      finish({ kind: 'stopped' });
      body.destroy();
    };
    const parser = createChunkParser();
    const emit: PartHandler = (part) => {
      // A part may abort the request synchronously (a constraint fires); emit nothing after.
      if (!finished) onPart(part);
    };
    const decoder = createSseDecoder((data, event) => {
      if (finished) return;
      if (event === 'error') {
        emit({ type: 'error', code: 'STREAM_ERROR', message: streamErrorMessage(data) });
        finish({ kind: 'stopped' });
        body.destroy();
        return;
      }
      const outcome = parser.parse(data, emit);
      if (outcome === 'done') finish({ kind: 'ended' });
      else if (outcome === 'error') {
        finish({ kind: 'stopped' });
        body.destroy();
      }
    });
    body.on('data', (chunk: Buffer) => {
      if (finished) return;
      try {
        decoder.push(chunk);
      } catch (error) {
        // Only a throwing onPart gets here: that is the caller's bug, so it surfaces as such.
        finished = true;
        signal.removeEventListener('abort', onAbort);
        body.destroy();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    body.on('end', () => {
      if (finished) return;
      // A stream that ends without [DONE] is complete; its last event may lack a blank line.
      decoder.flush();
      finish({ kind: 'ended' });
    });
    // The listener stays after finishing so a late error while draining is not unhandled.
    body.on('error', (error) => finish({ kind: 'failed', error }));
    body.on('close', () => finish({ kind: 'failed', error: new Error('body closed early') }));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
  });
}

function streamErrorMessage(data: string): string {
  try {
    return errorMessageOf(JSON.parse(data)) ?? 'the server sent an error event';
  } catch {
    return data.trim() === '' ? 'the server sent an error event' : data.trim().slice(0, 300);
  }
}
