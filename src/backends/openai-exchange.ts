import type { Dispatcher } from 'undici';

import type { Redactor } from '../internal/redactor.js';
import { parseResponseBody } from '../protocols/openai/chunk-parser.js';
import type { PartHandler } from '../protocols/openai/chunk-parser.js';
import type { BackendStreamPart } from '../spec/backend.js';

import { classifyTransportError, httpErrorMessage } from './openai-errors.js';
import {
  isEventStream,
  MAX_ERROR_BODY_BYTES,
  SSE_DONE,
  SSE_STOPPED,
  SseBodyReader,
} from './openai-response.js';

/**
 * One request to an OpenAI-compatible server as an undici dispatch handler: undici calls it
 * from its HTTP parser as the headers and each body chunk arrive, and it emits the parts at
 * once, with no stream, promise or event in between (the hot path of every measurement). It
 * ends, exactly once, when the response has said all it will, when it fails, or when it is
 * aborted or timed out; `ended` then resolves, after at most one final error part.
 */
export class OpenAIExchange implements Dispatcher.DispatchHandler {
  /** Resolves when the exchange has ended; rejects only when `onPart` threw (the caller's bug). */
  readonly ended: Promise<void>;
  private resolveEnded!: () => void;
  private rejectEnded!: (error: Error) => void;
  private finished = false;
  private controller: Dispatcher.DispatchController | undefined;
  /** Why the exchange was cut short by us, for a controller that had not started yet. */
  private abortReason: Error | undefined;
  /**
   * A non-2xx answer, whose body is read for its message only; otherwise a reader means an SSE
   * body and no reader one JSON body.
   */
  private errorBody = false;
  private reader: SseBodyReader | undefined;
  private status = 0;
  /** A JSON or error body's chunks, kept until it ends. */
  private chunks: Buffer[] | undefined;
  private size = 0;
  /** Emits a part unless the exchange has ended (a part may abort it synchronously). */
  private readonly emit: PartHandler;

  constructor(
    private readonly onPart: PartHandler,
    private readonly redact: Redactor,
    private readonly streamed: boolean,
  ) {
    this.ended = new Promise<void>((resolve, reject) => {
      this.resolveEnded = resolve;
      this.rejectEnded = reject;
    });
    this.emit = (part) => {
      if (!this.finished) this.deliver(part);
    };
  }

  /** The caller aborted: end now, with no error part, and drop the connection's request. */
  abort(reason: unknown): void {
    this.cut(undefined, reason);
  }

  /** The caller's own request timeout ran out. */
  timeOut(timeoutMs: number): void {
    this.cut(
      {
        type: 'error',
        code: 'TIMEOUT',
        message: `request exceeded requestTimeoutMs (${timeoutMs} ms)`,
      },
      undefined,
    );
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Aborted while the request waited in the pool's queue: it never reaches the server.
    if (this.abortReason !== undefined) controller.abort(this.abortReason);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (this.finished) return;
    this.status = statusCode;
    this.emit({ type: 'headers', httpStatus: statusCode });
    if (this.finished) return;
    if (statusCode < 200 || statusCode >= 300) this.errorBody = true;
    else if (isEventStream(headers['content-type'], this.streamed)) {
      this.reader = new SseBodyReader(this.emit);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.finished) return;
    const reader = this.reader;
    if (reader !== undefined) {
      try {
        reader.push(chunk);
      } catch (error) {
        this.throwFromHandler(error);
        return;
      }
      // `[DONE]` ends the request; the rest of the body drains and keeps the connection.
      if (reader.state === SSE_DONE) this.finish(undefined);
      else if (reader.state === SSE_STOPPED) this.cut(undefined, new Error('the stream failed'));
      return;
    }
    (this.chunks ??= []).push(chunk);
    this.size += chunk.length;
    if (this.errorBody && this.size >= MAX_ERROR_BODY_BYTES) {
      // The message is all we keep: the rest of a huge error body is not worth reading.
      this.cut(this.httpError(), new Error('error body read far enough'));
    }
  }

  onResponseEnd(): void {
    if (this.finished) return;
    if (this.errorBody) {
      this.finish(this.httpError());
      return;
    }
    try {
      if (this.reader !== undefined) this.reader.end();
      else parseResponseBody(this.bodyText(), this.emit);
    } catch (error) {
      this.throwFromHandler(error);
      return;
    }
    this.finish(undefined);
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.finished) return;
    this.finish({ type: 'error', ...classifyTransportError(error) });
  }

  private httpError(): BackendStreamPart {
    const message = httpErrorMessage(this.status, this.bodyText());
    return { type: 'error', code: 'HTTP_ERROR', httpStatus: this.status, message };
  }

  private bodyText(): string {
    return Buffer.concat(this.chunks ?? []).toString('utf8');
  }

  private deliver(part: BackendStreamPart): void {
    // Error messages may quote what the server said, and a server may echo the credentials.
    this.onPart(part.type === 'error' ? { ...part, message: this.redact(part.message) } : part);
  }

  /** Ends the exchange and drops its request from the connection (which undici then closes). */
  private cut(part: BackendStreamPart | undefined, reason: unknown): void {
    if (this.finished) return;
    this.finish(part);
    const error = reason instanceof Error ? reason : new Error('the request was cut short');
    this.abortReason = error;
    this.controller?.abort(error);
  }

  private finish(part: BackendStreamPart | undefined): void {
    if (this.finished) return;
    this.reader?.stop();
    if (part !== undefined) {
      try {
        this.deliver(part);
      } catch (error) {
        this.throwFromHandler(error);
        return;
      }
    }
    this.finished = true;
    this.chunks = undefined;
    this.resolveEnded();
  }

  /** A throwing `onPart` is the caller's bug: it surfaces as the send's rejection. */
  private throwFromHandler(error: unknown): void {
    const wasFinished = this.finished;
    this.finished = true;
    this.reader?.stop();
    if (!wasFinished) this.rejectEnded(error instanceof Error ? error : new Error(String(error)));
    const reason = new Error('onPart threw');
    this.abortReason = reason;
    this.controller?.abort(reason);
  }
}
