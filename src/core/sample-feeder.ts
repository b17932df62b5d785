import { InferbenchError } from '../errors.js';
import type { DataSource, RequestSample } from '../spec/data-source.js';

/** The longest stretch (ms) a refill works before it lets the event loop turn. */
const REFILL_SLICE_MS = 1;

/**
 * Reads samples ahead of the schedule so a dispatch never waits for a data source: it keeps
 * `lookahead` samples buffered and refills in the background. A source that fails while it is
 * read fails the benchmark at the next sample (never as an unhandled rejection); `close` ends
 * the source's iterator, so a file it reads is closed when the benchmark ends.
 */
export class SampleFeeder {
  private readonly buffer: RequestSample[] = [];
  private readonly iterator: AsyncIterator<RequestSample> | Iterator<RequestSample>;
  private refilling: Promise<void> | undefined;
  private exhausted = false;
  private failure: InferbenchError | undefined;
  private closed = false;

  constructor(
    source: DataSource,
    private readonly lookahead = 64,
  ) {
    this.iterator = source.samples();
  }

  /** True once the source has ended and the buffer is empty. */
  get done(): boolean {
    return this.exhausted && this.buffer.length === 0;
  }

  /**
   * Fills the buffer; await it once before the benchmark starts.
   *
   * @throws {InferbenchError} the source's own error, or `ERR_DATA` (field `data`) wrapping it.
   */
  async fill(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.refilling ??= this.refill().finally(() => {
      this.refilling = undefined;
    });
    return this.refilling;
  }

  private async refill(): Promise<void> {
    let sliceStart = performance.now();
    try {
      while (!this.exhausted && !this.closed && this.buffer.length < this.lookahead) {
        const result = await this.iterator.next();
        if (result.done === true) this.exhausted = true;
        else this.buffer.push(result.value);
        // A source that makes samples on demand (a tokenizer at work) may take milliseconds
        // each: give the event loop a turn between slices, so dispatches and the stamping of
        // responses never wait for a whole refill.
        if (performance.now() - sliceStart > REFILL_SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
    } catch (error) {
      this.exhausted = true;
      this.failure = dataError(error);
      throw this.failure;
    }
  }

  /**
   * The next sample, from the buffer when it has one (the usual case: no await needed);
   * `undefined` once the source has ended.
   *
   * @throws {InferbenchError} once the source has failed, even with samples still buffered: a
   * benchmark must not go on as if its data had simply ended.
   */
  async next(): Promise<RequestSample | undefined> {
    if (this.failure !== undefined) throw this.failure;
    let sample = this.buffer.shift();
    if (sample === undefined && !this.exhausted) {
      await this.fill();
      sample = this.buffer.shift();
    }
    if (this.buffer.length < this.lookahead / 2 && !this.exhausted) {
      // A failure is kept and thrown by the next call; nothing is left unhandled.
      this.fill().catch(() => undefined);
    }
    return sample;
  }

  /**
   * Stops reading: waits for a refill in progress, then ends the source's iterator (`return()`),
   * which closes what it holds open. Never throws; safe to call twice.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.refilling?.catch(() => undefined);
    if (this.failure === undefined && !this.exhausted) {
      await Promise.resolve(this.iterator.return?.()).catch(() => undefined);
    }
  }
}

/** A data source's error as the run reports it: its own InferbenchError, else `ERR_DATA`. */
function dataError(error: unknown): InferbenchError {
  if (error instanceof InferbenchError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new InferbenchError(
    'ERR_DATA',
    `data: the data source failed while the run read it: ${reason}`,
    { field: 'data', cause: error },
  );
}
