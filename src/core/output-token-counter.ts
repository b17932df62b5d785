import type { Tokenizer } from '../spec/tokenizer.js';
import { STATUS_CODES, TOKEN_COUNT_SOURCES, type RecordStore } from './record-store.js';

/** Options of an {@link OutputTokenCounter}. */
export interface OutputTokenCounterOptions {
  /**
   * Server-versus-tokenizer checks per benchmark at most: tokenizing every output would cost
   * seconds. The checked rows are spread evenly (every `stride`-th row, the stride a power of 2).
   * @default 1000
   */
  maxChecks?: number;
  /**
   * Text held for counting (UTF-16 units) before the counter starts counting while the
   * benchmark runs; below it, text waits for the benchmark's end.
   * @default 4_000_000
   */
  maxPendingChars?: number;
  /** Longest stretch (ms) one turn of counting during the benchmark may take. @default 1 */
  sliceMs?: number;
  /** Clock for the slices. @default performance.now */
  now?: () => number;
}

const SERVER = TOKEN_COUNT_SOURCES.indexOf('server');

/** One row's output text waiting for the tokenizer. */
interface Pending {
  row: number;
  /** The server counted this row: the tokenizer only checks the count. */
  check: boolean;
  /** The server's count, when `check`. */
  server: number;
  text: string;
}

/**
 * Counts output tokens with the run's tokenizer without keeping every response's text until
 * the benchmark ends. Each settled row hands over its text: a row the server did not count is
 * counted (source `tokenizer`); a successful, server-counted row on the sample grid gets its
 * server-minus-tokenizer discrepancy; any other text is dropped at once. Counting waits for
 * {@link OutputTokenCounter.finish} (after the benchmark, so a tokenizer never runs between two
 * chunks of a stream being measured) unless the held text passes `maxPendingChars`; then the
 * oldest is counted in slices of at most `sliceMs` between the run's events, so memory stays
 * bounded on long runs.
 *
 * The sample grid is every `stride`-th row, the stride the smallest power of 2 that keeps the
 * checks within `maxChecks`: it doubles as rows arrive, and checks off the new grid are undone.
 */
export class OutputTokenCounter {
  readonly #store: RecordStore;
  readonly #tokenizer: Tokenizer;
  readonly #maxChecks: number;
  readonly #maxPendingChars: number;
  readonly #sliceMs: number;
  readonly #now: () => number;
  readonly #pending: (Pending | undefined)[] = [];
  #head = 0;
  #pendingChars = 0;
  #stride = 1;
  /** Rows whose discrepancy is already set, to undo when the stride doubles. */
  #checked: number[] = [];
  #draining: NodeJS.Immediate | undefined;

  /** Counts into `store` with `tokenizer`. */
  constructor(store: RecordStore, tokenizer: Tokenizer, options: OutputTokenCounterOptions = {}) {
    this.#store = store;
    this.#tokenizer = tokenizer;
    this.#maxChecks = Math.max(1, Math.floor(options.maxChecks ?? 1000));
    this.#maxPendingChars = options.maxPendingChars ?? 4_000_000;
    this.#sliceMs = options.sliceMs ?? 1;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Text held now, in UTF-16 units. */
  get pendingChars(): number {
    return this.#pendingChars;
  }

  /** Takes the output text of row `row`, just appended to the store; call it for every row. */
  add(row: number, text: string): void {
    while (row >= this.#maxChecks * this.#stride) this.#doubleStride();
    // Read now, while the row is in memory: by the time it is counted it may be spilled.
    const serverCounted = this.#store.outputTokensSourceCode(row) === SERVER;
    if (serverCounted) {
      const successful = this.#store.statusCode(row) === STATUS_CODES.successful;
      if (!successful || row % this.#stride !== 0) return;
    }
    const server = serverCounted ? this.#store.valueOf('outputTokens', row) : NaN;
    this.#pending.push({ row, check: serverCounted, server, text });
    this.#pendingChars += text.length;
    if (this.#pendingChars > this.#maxPendingChars) this.#drainSoon();
  }

  /** Counts every text still held. Call it once the benchmark's requests have settled. */
  finish(): void {
    if (this.#draining !== undefined) clearImmediate(this.#draining);
    this.#draining = undefined;
    while (this.#head < this.#pending.length) this.#countNext();
    this.#pending.length = 0;
    this.#head = 0;
  }

  #countNext(): void {
    const entry = this.#pending[this.#head];
    this.#pending[this.#head++] = undefined;
    if (entry === undefined) return;
    this.#pendingChars -= entry.text.length;
    const count = this.#tokenizer.count(entry.text);
    if (entry.check) {
      this.#store.setTokenCountDiscrepancy(entry.row, entry.server - count);
      this.#checked.push(entry.row);
    } else {
      this.#store.setOutputTokens(entry.row, count, 'tokenizer');
    }
  }

  #doubleStride(): void {
    this.#stride *= 2;
    const stride = this.#stride;
    for (let i = this.#head; i < this.#pending.length; i++) {
      const entry = this.#pending[i];
      if (entry?.check === true && entry.row % stride !== 0) {
        this.#pendingChars -= entry.text.length;
        this.#pending[i] = undefined;
      }
    }
    const kept: number[] = [];
    for (const row of this.#checked) {
      if (row % stride === 0) kept.push(row);
      else this.#store.setTokenCountDiscrepancy(row, NaN);
    }
    this.#checked = kept;
  }

  #drainSoon(): void {
    this.#draining ??= setImmediate(() => {
      this.#draining = undefined;
      const until = this.#now() + this.#sliceMs;
      const target = this.#maxPendingChars / 2;
      while (this.#pendingChars > target && this.#head < this.#pending.length) {
        this.#countNext();
        if (this.#now() >= until) break;
      }
      // Drop the counted prefix now and then, so the queue itself does not grow.
      if (this.#head > 1024 && this.#head * 2 > this.#pending.length) {
        this.#pending.splice(0, this.#head);
        this.#head = 0;
      }
      if (this.#pendingChars > target) this.#drainSoon();
    });
  }
}
