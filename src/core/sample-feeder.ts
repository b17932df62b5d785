import type { DataSource, RequestSample } from '../spec/data-source.js';

/** The longest stretch (ms) a refill works before it lets the event loop turn. */
const REFILL_SLICE_MS = 1;

/**
 * Reads samples ahead of the schedule so a dispatch never waits for a data source: it keeps
 * `lookahead` samples buffered and refills in the background.
 */
export class SampleFeeder {
  private readonly buffer: RequestSample[] = [];
  private readonly iterator: AsyncIterator<RequestSample> | Iterator<RequestSample>;
  private refilling: Promise<void> | undefined;
  private exhausted = false;

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

  /** Fills the buffer; await it once before the benchmark starts. */
  async fill(): Promise<void> {
    this.refilling ??= this.refill().finally(() => {
      this.refilling = undefined;
    });
    return this.refilling;
  }

  private async refill(): Promise<void> {
    let sliceStart = performance.now();
    while (!this.exhausted && this.buffer.length < this.lookahead) {
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
  }

  /** The next sample, from the buffer when it has one (the usual case: no await needed). */
  async next(): Promise<RequestSample | undefined> {
    let sample = this.buffer.shift();
    if (sample === undefined && !this.exhausted) {
      await this.fill();
      sample = this.buffer.shift();
    }
    if (this.buffer.length < this.lookahead / 2 && !this.exhausted) void this.fill();
    return sample;
  }
}
