import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { SSE_DONE_FRAME, encodeSseData } from '../protocols/openai/sse-encoder.js';
import type { ResolvedFault } from './faults.js';
import type { GenerationContext } from './generation.js';
import { decideOutputTokens, type GenerationRequest } from './generation-request.js';
import type { ScheduledJob } from './scheduler.js';

/** Serves one generation request normally, paced from `startMs`. */
export type ServeNormally = (startMs: number) => void;

/** A token text with multi-byte UTF-8 characters (2, 3 and 4 bytes long). */
export const SPLIT_TOKEN_TEXT = ' naïve☕🚀';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
} as const;

/** Resets the TCP connection (RST), so the client sees ECONNRESET rather than a clean close. */
function reset(response: ServerResponse): void {
  const socket = response.socket;
  if (socket === null) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function sendHttpError(response: ServerResponse, fault: ResolvedFault): void {
  const headers: Record<string, string> = {};
  if (fault.status === 429) headers['retry-after'] = '1';
  const message = `injected fault: HTTP ${fault.status}`;
  let body = '';
  if (fault.body === 'json') {
    headers['content-type'] = 'application/json';
    const type = fault.status === 429 ? 'rate_limit_error' : 'server_error';
    body = JSON.stringify({ error: { message, type, code: fault.status, param: null } });
  } else if (fault.body === 'text') {
    headers['content-type'] = 'text/plain; charset=utf-8';
    body = message;
  }
  headers['content-length'] = String(Buffer.byteLength(body));
  response.writeHead(fault.status, headers);
  response.end(body);
}

/**
 * Serves a generation request that `fault` hit. Faults that need no stream (HTTP errors,
 * resets before headers, slow headers) apply to every request; in-stream faults apply to
 * streaming requests, and a non-streaming request they hit is served normally.
 */
export function serveWithFault(
  context: GenerationContext,
  fault: ResolvedFault,
  request: GenerationRequest,
  response: ServerResponse,
  startMs: number,
  serveNormally: ServeNormally,
): void {
  switch (fault.type) {
    case 'http_error':
      sendHttpError(response, fault);
      return;
    case 'reset_before_headers':
      reset(response);
      return;
    case 'slow_headers': {
      const job = context.scheduler.schedule(startMs + fault.durationMs, () => {
        if (!response.destroyed) serveNormally(performance.now());
      });
      response.once('close', () => job.cancel());
      return;
    }
    default:
      if (request.stream) streamWithFault(context, fault, request, response, startMs);
      else serveNormally(startMs);
  }
}

/** A streamed response, as the mock's normal streams look, with one fault at a chosen token. */
function streamWithFault(
  context: GenerationContext,
  fault: ResolvedFault,
  request: GenerationRequest,
  response: ServerResponse,
  startMs: number,
): void {
  const { pacing, scheduler, pool, stats } = context;
  const sequence = context.nextSequence();
  const chat = request.kind === 'chat';
  const head = {
    id: `${chat ? 'chatcmpl' : 'cmpl'}-mock${sequence.toString(36)}`,
    object: chat ? 'chat.completion.chunk' : 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model ?? context.model,
  };
  const frameOf = (text: string | undefined, finishReason: string | null, role = false): string => {
    const choice = chat
      ? {
          index: 0,
          delta: {
            ...(role ? { role: 'assistant' } : {}),
            ...(text === undefined ? {} : { content: text }),
          },
          logprobs: null,
          finish_reason: finishReason,
        }
      : { index: 0, text: text ?? '', logprobs: null, finish_reason: finishReason };
    return encodeSseData({ ...head, choices: [choice] });
  };
  const outputTokens = decideOutputTokens(request, pacing.drawOutputTokens());
  const faultAt = Math.min(fault.afterTokens ?? outputTokens, outputTokens);
  const texts = pool.texts;
  stats.generation(request.promptTokens, true);

  let job: ScheduledJob | undefined;
  response.once('close', () => job?.cancel());
  response.writeHead(200, SSE_HEADERS);
  if (chat) response.write(frameOf('', null, true));
  else response.flushHeaders();

  let dueMs = startMs + pacing.drawTtftMs();
  let emitted = 0;
  let faulted = false;
  const next = (): void => {
    dueMs += pacing.drawItlMs();
    job = scheduler.schedule(dueMs, step);
  };
  const finish = (done: boolean): void => {
    let tail = frameOf(undefined, outputTokens === request.maxTokens ? 'length' : 'stop');
    if (request.includeUsage) {
      const usage = {
        prompt_tokens: request.promptTokens,
        completion_tokens: emitted,
        total_tokens: request.promptTokens + emitted,
      };
      tail += encodeSseData({ ...head, choices: [], usage });
    }
    response.end(done ? tail + SSE_DONE_FRAME : tail);
  };

  /** Applies the fault; returns true when this step is over (the fault scheduled what follows). */
  const applyFault = (): boolean => {
    switch (fault.type) {
      case 'reset_mid_stream':
        reset(response);
        return true;
      case 'malformed_json':
        // A chunk cut off mid-object, as a crashing proxy or a buggy server would leave it.
        response.end(
          `data: {"id":"${head.id}","object":"${head.object}","choices":[{"index":0,"delta":{"content":"tru\n\n${SSE_DONE_FRAME}`,
        );
        return true;
      case 'stream_error':
        response.end(
          encodeSseData({
            error: {
              message: 'injected fault: error inside the stream',
              type: 'server_error',
              code: 500,
            },
          }) + SSE_DONE_FRAME,
        );
        return true;
      case 'stall':
        dueMs += fault.durationMs;
        job = scheduler.schedule(dueMs, step);
        return true;
      case 'close_without_done':
        if (emitted === outputTokens) finish(false);
        else response.end();
        return true;
      case 'utf8_split': {
        if (emitted === outputTokens) return false;
        const bytes = Buffer.from(frameOf(SPLIT_TOKEN_TEXT, null), 'utf8');
        // Cut right after the lead byte of the first multi-byte character.
        const lead = bytes.findIndex((byte) => byte >= 0xc0);
        response.write(bytes.subarray(0, lead + 1));
        emitted++;
        stats.tokens(1, true);
        job = scheduler.schedule(performance.now() + fault.durationMs, () => {
          job = undefined;
          response.write(bytes.subarray(lead + 1));
          if (emitted < outputTokens) next();
          else finish(true);
        });
        return true;
      }
      default:
        return false;
    }
  };

  const step = (): void => {
    job = undefined;
    if (!faulted && emitted === faultAt) {
      faulted = true;
      if (applyFault()) return;
    }
    if (emitted < outputTokens) {
      response.write(frameOf(texts[(sequence + emitted) % texts.length]!, null));
      emitted++;
      stats.tokens(1, true);
      if (emitted < outputTokens || (!faulted && emitted === faultAt)) next();
      else finish(true);
      return;
    }
    finish(true);
  };
  job = scheduler.schedule(dueMs, step);
}
