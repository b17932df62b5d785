import type { BackendStreamPart } from '../spec/backend.js';
import type { Clock } from '../spec/clock.js';
import type { RequestError, RequestRecord, RequestStatus } from '../spec/request-record.js';

const INITIAL_GAPS = 64;
/** The gaps of a response with fewer than two content parts (never written to). */
const NO_GAPS = new Float64Array(0);

/**
 * Stamps every part of one response with the run's clock. This is the hot path: `onPart` runs
 * once per stream chunk, so it allocates nothing but the occasional gap-array growth and keeps
 * text only when asked to.
 */
export class RequestTimer {
  headersAt = NaN;
  firstTokenAt = NaN;
  firstOutputTokenAt = NaN;
  lastTokenAt = NaN;
  contentParts = 0;
  serverPromptTokens = NaN;
  serverOutputTokens = NaN;
  error: RequestError | undefined;
  /** Output text, accumulated only when `keepText` is set. */
  text = '';
  /** Allocated at the first gap, sized for the parts expected: a typed array costs microseconds. */
  private gaps: Float64Array | undefined;
  private gapCount = 0;

  /**
   * @param expectedParts - Content parts the response should have (the requested output
   *   length), to size the gap array once; it grows past it when needed.
   */
  constructor(
    private readonly clock: Clock,
    private readonly originMs: number,
    private readonly keepText: boolean,
    private readonly expectedParts = INITIAL_GAPS,
  ) {}

  /** Bound once so the backend can call it without a closure per part. */
  readonly onPart = (part: BackendStreamPart): void => {
    const now = this.clock.now() - this.originMs;
    switch (part.type) {
      case 'text':
      case 'tool-call':
        if (Number.isNaN(this.firstOutputTokenAt)) this.firstOutputTokenAt = now;
        this.stampContent(now);
        if (this.keepText) {
          this.text += part.text;
          // `+=` builds a rope of one node and one small string per part, which lives as long
          // as the request and is copied by every young-generation GC meanwhile; reading a
          // character flattens it into one string every 32 parts (about 4× the text's length
          // copied in all), so a request in flight holds its text, not a rope of its parts.
          if ((this.contentParts & 31) === 0) this.text.charCodeAt(0);
        }
        return;
      case 'reasoning':
        this.stampContent(now);
        return;
      case 'headers':
        if (Number.isNaN(this.headersAt)) this.headersAt = now;
        return;
      case 'usage':
        if (part.promptTokens !== undefined) this.serverPromptTokens = part.promptTokens;
        if (part.outputTokens !== undefined) this.serverOutputTokens = part.outputTokens;
        return;
      case 'error':
        this.error =
          part.httpStatus === undefined
            ? { code: part.code, message: part.message }
            : { code: part.code, message: part.message, httpStatus: part.httpStatus };
        return;
    }
  };

  private stampContent(now: number): void {
    if (this.contentParts === 0) {
      this.firstTokenAt = now;
    } else {
      let gaps = this.gaps;
      if (gaps === undefined) {
        gaps = this.gaps = new Float64Array(Math.max(1, this.expectedParts - 1));
      } else if (this.gapCount === gaps.length) {
        const grown = new Float64Array(gaps.length * 2);
        grown.set(gaps);
        gaps = this.gaps = grown;
      }
      gaps[this.gapCount++] = now - this.lastTokenAt;
    }
    this.lastTokenAt = now;
    this.contentParts++;
  }

  /** Run-relative now on this timer's clock. */
  now(): number {
    return this.clock.now() - this.originMs;
  }

  /** Builds the record once the response has ended. */
  finish(fields: {
    index: number;
    status: RequestStatus;
    scheduledAt: number;
    dispatchedAt: number;
    endedAt: number;
    dataPromptTokens: number | undefined;
    error?: RequestError;
  }): RequestRecord {
    const hasServerPrompt = !Number.isNaN(this.serverPromptTokens);
    const hasServerOutput = !Number.isNaN(this.serverOutputTokens);
    const error = fields.error ?? this.error;
    const record: RequestRecord = {
      index: fields.index,
      status: fields.status,
      scheduledAt: fields.scheduledAt,
      dispatchedAt: fields.dispatchedAt,
      headersAt: this.headersAt,
      firstTokenAt: this.firstTokenAt,
      firstOutputTokenAt: this.firstOutputTokenAt,
      lastTokenAt: this.lastTokenAt,
      endedAt: fields.endedAt,
      promptTokens: hasServerPrompt ? this.serverPromptTokens : (fields.dataPromptTokens ?? NaN),
      promptTokensSource: hasServerPrompt
        ? 'server'
        : fields.dataPromptTokens === undefined
          ? 'none'
          : 'data',
      intendedPromptTokens: fields.dataPromptTokens ?? NaN,
      // The tokenizer's count, when there is no server count, is filled in after the benchmark
      // so that tokenizing never runs between two chunks of a stream being measured.
      outputTokens: hasServerOutput ? this.serverOutputTokens : this.contentParts,
      outputTokensSource: hasServerOutput ? 'server' : 'parts',
      tokenCountDiscrepancy: NaN,
      promptTokenDifference:
        hasServerPrompt && fields.dataPromptTokens !== undefined
          ? this.serverPromptTokens - fields.dataPromptTokens
          : NaN,
      contentParts: this.contentParts,
      // A view, not a copy: the store copies the gaps, and the timer is dropped after this.
      itlGapsMs: this.gaps === undefined ? NO_GAPS : this.gaps.subarray(0, this.gapCount),
    };
    if (error !== undefined) record.error = error;
    return record;
  }
}
