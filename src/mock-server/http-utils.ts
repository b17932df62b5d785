import type { IncomingMessage, ServerResponse } from 'node:http';

/** An OpenAI-style error, sent as `{ error: { message, type, code } }`. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; code: string | null; param?: string | null };
}

/** Request bodies past this size are refused; prompts of real benchmarks stay far below it. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Why a body could not be read. */
export type BodyReadFailure = 'too-large' | 'aborted';

/** Reads the whole request body as UTF-8, or reports why it could not. */
export function readBody(request: IncomingMessage): Promise<string | BodyReadFailure> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (value: string | BodyReadFailure): void => {
      if (done) return;
      done = true;
      resolve(value);
    };
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop buffering but keep draining, so the 413 can still be written.
        chunks.length = 0;
        finish('too-large');
        return;
      }
      if (!done) chunks.push(chunk);
    });
    request.on('end', () => finish(Buffer.concat(chunks).toString('utf8')));
    request.on('aborted', () => finish('aborted'));
    request.on('error', () => finish('aborted'));
    request.on('close', () => finish('aborted'));
  });
}

/**
 * Parses a request body as JSON; on failure answers 400 `invalid_json` itself and returns
 * `undefined`, so a route only handles the parsed value.
 */
export function parseJsonBody(
  body: string,
  response: ServerResponse,
): { json: unknown } | undefined {
  try {
    return { json: JSON.parse(body) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    sendError(
      response,
      400,
      'invalid_request_error',
      'invalid_json',
      `invalid JSON body: ${reason}`,
    );
    return undefined;
  }
}

/** Sends a JSON body with an exact `content-length`. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

/** Sends an OpenAI-style error. */
export function sendError(
  response: ServerResponse,
  status: number,
  type: string,
  code: string,
  message: string,
  param: string | null = null,
): void {
  const body: OpenAiErrorBody = { error: { message, type, code, param } };
  sendJson(response, status, body);
}
