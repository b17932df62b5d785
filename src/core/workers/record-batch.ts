import type { RequestError, RequestRecord } from '../../spec/request-record.js';
import { RECORD_NUMBER_COLUMNS, REQUEST_STATUSES, TOKEN_COUNT_SOURCES } from '../record-store.js';

/**
 * Finished requests on their way from a worker to the main thread: one Float64Array of numbers
 * (a row per request) and one of ITL gaps, both transferred rather than copied, so a batch of
 * hundreds of records costs two buffers and a short array instead of an object graph each.
 */
export interface RecordBatch {
  numbers: Float64Array;
  gaps: Float64Array;
  /** Each errored request's error, by its row in the batch. */
  errors: Array<[number, RequestError]>;
  /** Each request's output text, when the benchmark keeps it. */
  texts: string[] | undefined;
}

/** The numbers of a record, in a row's order: the store's number columns between two counts. */
const FIELDS = ['index', ...RECORD_NUMBER_COLUMNS, 'contentParts'] as const;
// After the fields: status, the two token sources, and the number of gaps.
const STATUS = FIELDS.length;
const PROMPT_SOURCE = STATUS + 1;
const OUTPUT_SOURCE = STATUS + 2;
const GAP_COUNT = STATUS + 3;
const WIDTH = STATUS + 4;

/** Packs `records` (with their texts when `texts` is given) into a {@link RecordBatch}. */
export function encodeRecords(
  records: readonly RequestRecord[],
  texts: string[] | undefined,
): RecordBatch {
  const numbers = new Float64Array(records.length * WIDTH);
  let gapTotal = 0;
  for (const record of records) gapTotal += record.itlGapsMs.length;
  const gaps = new Float64Array(gapTotal);
  const errors: Array<[number, RequestError]> = [];
  let gapAt = 0;
  records.forEach((record, row) => {
    const at = row * WIDTH;
    for (let field = 0; field < FIELDS.length; field++) {
      numbers[at + field] = record[FIELDS[field]!];
    }
    numbers[at + STATUS] = REQUEST_STATUSES.indexOf(record.status);
    numbers[at + PROMPT_SOURCE] = TOKEN_COUNT_SOURCES.indexOf(record.promptTokensSource);
    numbers[at + OUTPUT_SOURCE] = TOKEN_COUNT_SOURCES.indexOf(record.outputTokensSource);
    numbers[at + GAP_COUNT] = record.itlGapsMs.length;
    gaps.set(record.itlGapsMs, gapAt);
    gapAt += record.itlGapsMs.length;
    if (record.error !== undefined) errors.push([row, record.error]);
  });
  return { numbers, gaps, errors, texts };
}

/** Calls `onRecord` with each record of `batch` (its gaps a view of the batch's) and its text. */
export function decodeRecords(
  batch: RecordBatch,
  onRecord: (record: RequestRecord, text: string) => void,
): void {
  const { numbers, gaps, texts } = batch;
  const errors = new Map(batch.errors);
  let gapAt = 0;
  for (let row = 0, at = 0; at < numbers.length; row++, at += WIDTH) {
    const gapCount = numbers[at + GAP_COUNT]!;
    const record = {
      status: REQUEST_STATUSES[numbers[at + STATUS]!]!,
      promptTokensSource: TOKEN_COUNT_SOURCES[numbers[at + PROMPT_SOURCE]!]!,
      outputTokensSource: TOKEN_COUNT_SOURCES[numbers[at + OUTPUT_SOURCE]!]!,
      itlGapsMs: gaps.subarray(gapAt, gapAt + gapCount),
    } as RequestRecord;
    for (let field = 0; field < FIELDS.length; field++) {
      record[FIELDS[field]!] = numbers[at + field]!;
    }
    gapAt += gapCount;
    const error = errors.get(row);
    if (error !== undefined) record.error = error;
    onRecord(record, texts?.[row] ?? '');
  }
}
