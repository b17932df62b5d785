import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Tokenizer } from '../spec/tokenizer.js';
import { serveGeneration, type GenerationContext } from './generation.js';
import { isProblem, readGenerationRequest } from './generation-request.js';
import { parseJsonBody, readBody, sendError, sendJson } from './http-utils.js';
import { serveWithFault } from './fault-response.js';
import type { FaultPicker } from './faults.js';
import { serveMetrics } from './metrics-route.js';
import { replayTranscript, type ResolvedTranscript } from './transcript.js';
import { serveDetokenize, serveTokenize } from './tokenize-routes.js';

/** What the router needs from its server. */
export interface RouteContext extends GenerationContext {
  tokenizer: Tokenizer;
  /** The context length `/tokenize` and `/v1/models` state, as vLLM's `max_model_len`. */
  maxModelLen: number;
  /** Unix seconds the server started, reported as the model's `created`. */
  startedAtSeconds: number;
  /** Picks the injected fault of each generation request, when faults are configured. */
  faults?: FaultPicker | undefined;
  /** Transcript mode: every generation request replays this recorded response. */
  transcript?: ResolvedTranscript | undefined;
}

type Route = { method: 'GET' | 'POST'; serve: RouteHandler };
type RouteHandler = (
  context: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
  startMs: number,
) => void;

const INVALID_REQUEST = 'invalid_request_error';

function serveHealth(_context: RouteContext, _request: unknown, response: ServerResponse): void {
  sendJson(response, 200, { status: 'ok' });
}

function serveModels(context: RouteContext, _request: unknown, response: ServerResponse): void {
  sendJson(response, 200, {
    object: 'list',
    data: [
      {
        id: context.model,
        object: 'model',
        created: context.startedAtSeconds,
        owned_by: 'inferbench',
        root: context.model,
        parent: null,
        max_model_len: context.maxModelLen,
      },
    ],
  });
}

function generationRoute(kind: 'chat' | 'completion'): RouteHandler {
  return (context, request, response, startMs) => {
    void readBody(request).then((body) => {
      if (body === 'aborted' || response.destroyed) return;
      if (body === 'too-large') {
        sendError(response, 413, INVALID_REQUEST, 'body_too_large', 'request body is too large');
        return;
      }
      if (context.transcript !== undefined) {
        replayTranscript(context.scheduler, context.transcript, response, startMs);
        return;
      }
      const parsedBody = parseJsonBody(body, response);
      if (parsedBody === undefined) return;
      const parsed = readGenerationRequest(kind, parsedBody.json, context.tokenizer);
      if (isProblem(parsed)) {
        sendError(response, 400, INVALID_REQUEST, 'invalid_value', parsed.message, parsed.param);
        return;
      }
      if (parsed.model !== undefined && parsed.model !== context.model) {
        const message = `The model \`${parsed.model}\` does not exist.`;
        sendError(response, 404, INVALID_REQUEST, 'model_not_found', message, 'model');
        return;
      }
      const fault = context.faults?.next();
      if (fault !== undefined) {
        serveWithFault(context, fault, parsed, response, startMs, (at) =>
          serveGeneration(context, parsed, response, at),
        );
        return;
      }
      serveGeneration(context, parsed, response, startMs);
    });
  };
}

const ROUTES = new Map<string, Route>([
  ['/health', { method: 'GET', serve: serveHealth }],
  ['/v1/models', { method: 'GET', serve: serveModels }],
  ['/metrics', { method: 'GET', serve: serveMetrics }],
  ['/v1/chat/completions', { method: 'POST', serve: generationRoute('chat') }],
  ['/v1/completions', { method: 'POST', serve: generationRoute('completion') }],
  ['/tokenize', { method: 'POST', serve: serveTokenize }],
  ['/detokenize', { method: 'POST', serve: serveDetokenize }],
]);

/** Routes one request, counting it in the server's stats from arrival to close. */
export function handleRequest(
  context: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  // The request's clock starts when its headers are parsed: TTFT is paced from here.
  const startMs = performance.now();
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const route = ROUTES.get(path);
  const { stats } = context;
  stats.requestStarted(route === undefined ? 'other' : path);
  response.once('close', () => {
    // Counted at close, which follows the last write, so one place sees every outcome.
    if (response.headersSent) stats.responded(response.statusCode);
    stats.requestEnded(!response.writableFinished);
  });
  if (route === undefined) {
    const message = `no route for ${request.method ?? 'GET'} ${path}`;
    sendError(response, 404, INVALID_REQUEST, 'not_found', message);
    request.resume();
    return;
  }
  if (request.method !== route.method && !(route.method === 'GET' && request.method === 'HEAD')) {
    response.setHeader('allow', route.method);
    const message = `${path} accepts ${route.method}, received ${request.method ?? 'nothing'}`;
    sendError(response, 405, INVALID_REQUEST, 'method_not_allowed', message);
    request.resume();
    return;
  }
  route.serve(context, request, response, startMs);
}
