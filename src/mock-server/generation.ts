import type { ServerResponse } from 'node:http';
import {
  SSE_DONE_FRAME,
  SSE_TEMPLATE_SLOT,
  createSseFrameTemplate,
  encodeSseData,
  type SseChatCompletionChunk,
  type SseFinishReason,
  type SseTextCompletionChunk,
  type SseUsage,
} from '../protocols/openai/sse-encoder.js';
import type { PacingModel } from './pacing.js';
import type { Scheduler, ScheduledJob } from './scheduler.js';
import type { StatsRecorder } from './stats.js';
import type { TokenPool } from './token-pool.js';
import { decideOutputTokens, type GenerationRequest } from './generation-request.js';
import { sendError, sendJson } from './http-utils.js';
import type { Tokenizer } from '../spec/tokenizer.js';
import { promptTokenIds } from './prompt-token-ids.js';
import type { EngineSimulator } from './simulator.js';
import { createTokenTimeline } from './simulator-timeline.js';
import type { VllmMetrics } from './vllm-metrics.js';

/** What serving one generation request needs from its server. */
export interface GenerationContext {
  model: string;
  pacing: PacingModel;
  scheduler: Scheduler;
  /** The engine simulator, when the server simulates one: it then decides every token's time. */
  engine?: EngineSimulator | undefined;
  /** Keys the engine's prefix cache by the prompt's token ids, when it caches prefixes. */
  prefixCaching?: boolean | undefined;
  /** The server's `/metrics`, which observes every generation request. */
  metrics?: VllmMetrics | undefined;
  tokenizer: Tokenizer;
  pool: TokenPool;
  stats: StatsRecorder;
  /** A number unique to each response of this server (ids, and where its output starts). */
  nextSequence(): number;
}

/** Identity and framing shared by every chunk of one response. */
interface ResponseFrame {
  id: string;
  created: number;
  model: string;
  kind: 'chat' | 'completion';
}

function chunk(
  frame: ResponseFrame,
  text: string | undefined,
  finishReason: SseFinishReason | null,
  role = false,
): SseChatCompletionChunk | SseTextCompletionChunk {
  const { id, created, model } = frame;
  if (frame.kind === 'completion') {
    const choice = { index: 0, text: text ?? '', logprobs: null, finish_reason: finishReason };
    return { id, object: 'text_completion', created, model, choices: [choice] };
  }
  const delta: SseChatCompletionChunk['choices'][number]['delta'] = {};
  if (role) delta.role = 'assistant';
  if (text !== undefined) delta.content = text;
  const choice = { index: 0, delta, logprobs: null, finish_reason: finishReason };
  return { id, object: 'chat.completion.chunk', created, model, choices: [choice] };
}

function usageOf(request: GenerationRequest, completionTokens: number): SseUsage {
  return {
    prompt_tokens: request.promptTokens,
    completion_tokens: completionTokens,
    total_tokens: request.promptTokens + completionTokens,
  };
}

/**
 * Serves one validated chat or text completion request: streams one token per chunk at
 * absolute due times counted from `startMs` (the request's arrival), or answers with the whole
 * body when the last token is due. Pending writes are cancelled when the client goes away.
 */
export function serveGeneration(
  context: GenerationContext,
  request: GenerationRequest,
  response: ServerResponse,
  startMs: number,
): void {
  const { pacing, pool, stats } = context;
  const sequence = context.nextSequence();
  const frame: ResponseFrame = {
    id: `${request.kind === 'chat' ? 'chatcmpl' : 'cmpl'}-mock${sequence.toString(36)}`,
    created: Math.floor(Date.now() / 1000),
    model: request.model ?? context.model,
    kind: request.kind,
  };
  const outputTokens = decideOutputTokens(request, pacing.drawOutputTokens());
  const finishReason: SseFinishReason = outputTokens === request.maxTokens ? 'length' : 'stop';
  const capacity = context.engine?.maxTokensPerRequest;
  if (capacity !== undefined && request.promptTokens + outputTokens > capacity) {
    // A request the whole KV cache cannot hold would never finish; vLLM refuses it up front.
    const message =
      `This model's maximum context length is ${capacity} tokens. However, you requested ` +
      `${request.promptTokens + outputTokens} tokens (${request.promptTokens} in the messages, ` +
      `${outputTokens} in the completion). Please reduce the length of the messages or completion.`;
    sendError(response, 400, 'BadRequestError', 'context_length_exceeded', message, 'messages');
    return;
  }
  const texts = pool.texts;
  // Start each response at a different pool word so that outputs are not all alike.
  const tokenText = (index: number): string => texts[(sequence + index) % texts.length]!;
  stats.generation(request.promptTokens, request.stream);

  let job: ScheduledJob | undefined;
  response.once('close', () => job?.cancel());
  const observer = context.metrics?.observe({
    arrivalMs: startMs,
    promptTokens: request.promptTokens,
    maxTokens: request.maxTokens,
    finishReason,
  });
  // Paced by seeded draws on an absolute schedule, or by the engine simulator's steps.
  const timeline = createTokenTimeline(
    context,
    {
      promptTokens: request.promptTokens,
      outputTokens,
      promptTokenIds: context.prefixCaching
        ? promptTokenIds(context.tokenizer, request.kind, request.promptInput)
        : undefined,
      observer,
    },
    startMs,
  );

  if (!request.stream) {
    job = timeline.after(outputTokens, () => {
      let text = '';
      for (let i = 0; i < outputTokens; i++) text += tokenText(i);
      const { id, created, model } = frame;
      const choice =
        request.kind === 'chat'
          ? { index: 0, message: { role: 'assistant', content: text } }
          : { index: 0, text };
      const object = request.kind === 'chat' ? 'chat.completion' : 'text_completion';
      stats.tokens(outputTokens, false);
      sendJson(response, 200, {
        id,
        object,
        created,
        model,
        choices: [{ ...choice, logprobs: null, finish_reason: finishReason }],
        usage: usageOf(request, outputTokens),
      });
    });
    return;
  }

  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  // vLLM opens a chat stream with a role-only chunk at once; it carries no text, so clients
  // must not count it as a token. Text completions have no such chunk: send the headers alone.
  if (request.kind === 'chat') response.write(encodeSseData(chunk(frame, '', null, true)));
  else response.flushHeaders();

  const contentFrame = createSseFrameTemplate(chunk(frame, SSE_TEMPLATE_SLOT, null));
  const jsonTexts = pool.jsonTexts;
  let emitted = 0;
  const emit = (): void => {
    job = undefined;
    response.write(contentFrame(jsonTexts[(sequence + emitted) % jsonTexts.length]!));
    emitted++;
    stats.tokens(1, true);
    if (emitted < outputTokens) {
      job = timeline.after(1, emit);
      return;
    }
    let tail = encodeSseData(chunk(frame, undefined, finishReason));
    if (request.includeUsage) {
      const usage = usageOf(request, outputTokens);
      const { id, created, model } = frame;
      const object = request.kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
      tail += encodeSseData({ id, object, created, model, choices: [], usage });
    }
    response.end(tail + SSE_DONE_FRAME);
  };
  job = timeline.after(1, emit);
}
