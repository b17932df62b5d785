import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonBody, readBody, sendError, sendJson } from './http-utils.js';
import type { RouteContext } from './routes.js';

const INVALID_REQUEST = 'invalid_request_error';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The text of a message's content: a string, or the text parts of a list. */
function contentText(content: unknown): string[] {
  if (typeof content === 'string') return content.length === 0 ? [] : [content];
  if (!Array.isArray(content)) return [];
  return content.flatMap((part) =>
    isObject(part) && typeof part.text === 'string' && part.text.length > 0 ? [part.text] : [],
  );
}

/** Reads and parses a JSON object body; answers the error itself and returns undefined on failure. */
async function readJsonObject(
  request: IncomingMessage,
  response: ServerResponse,
): Promise<Json | undefined> {
  const body = await readBody(request);
  if (body === 'aborted' || response.destroyed) return undefined;
  if (body === 'too-large') {
    sendError(response, 413, INVALID_REQUEST, 'body_too_large', 'request body is too large');
    return undefined;
  }
  const parsed = parseJsonBody(body, response);
  if (parsed === undefined) return undefined;
  const { json } = parsed;
  if (!isObject(json)) {
    sendError(
      response,
      400,
      INVALID_REQUEST,
      'invalid_value',
      'the request body must be a JSON object',
    );
    return undefined;
  }
  return json;
}

/** vLLM answers 404 for a model it does not serve, naming it. */
function wrongModel(context: RouteContext, body: Json, response: ServerResponse): boolean {
  if (body.model === undefined || body.model === null || body.model === context.model) return false;
  const message = `The model \`${String(body.model)}\` does not exist.`;
  sendError(response, 404, INVALID_REQUEST, 'model_not_found', message, 'model');
  return true;
}

/**
 * `POST /tokenize` in vLLM's shape: `{ model?, prompt }` or `{ model?, messages }` → `{ count,
 * max_model_len, tokens, token_strs }`. Counts agree with the server's own `usage`: a chat
 * request's tokens are those of its message contents in order (the mock has no chat template).
 */
export function serveTokenize(
  context: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  void readJsonObject(request, response).then((body) => {
    if (body === undefined || wrongModel(context, body, response)) return;
    let texts: string[];
    if (typeof body.prompt === 'string') {
      texts = [body.prompt];
    } else if (Array.isArray(body.messages) && body.messages.every(isObject)) {
      texts = (body.messages as Json[]).flatMap((message) => contentText(message.content));
    } else {
      const message = 'expected a string `prompt` or a `messages` array';
      sendError(response, 400, INVALID_REQUEST, 'invalid_value', message, 'prompt');
      return;
    }
    const tokens = texts.flatMap((text) => context.tokenizer.encode(text));
    sendJson(response, 200, {
      count: tokens.length,
      max_model_len: context.maxModelLen,
      tokens,
      token_strs:
        body.return_token_strs === true ? tokens.map((id) => context.tokenizer.decode([id])) : null,
    });
  });
}

/** `POST /detokenize` in vLLM's shape: `{ model?, tokens }` → `{ prompt }`. */
export function serveDetokenize(
  context: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  void readJsonObject(request, response).then((body) => {
    if (body === undefined || wrongModel(context, body, response)) return;
    const tokens = body.tokens;
    if (
      !Array.isArray(tokens) ||
      !tokens.every((id) => Number.isInteger(id) && (id as number) >= 0)
    ) {
      const message = '`tokens` must be an array of non-negative integers';
      sendError(response, 400, INVALID_REQUEST, 'invalid_value', message, 'tokens');
      return;
    }
    sendJson(response, 200, { prompt: context.tokenizer.decode(tokens as number[]) });
  });
}
