import type { RecordStore } from '../core/record-store.js';
import type { RequestRecord } from '../spec/request-record.js';
import type { RequestRecordJson } from '../report/benchmark-schema.js';

/** A number for JSON: absent (NaN, ±Infinity) becomes `null`. */
function orNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** One {@link RequestRecord} as the report keeps it: absent moments as `null`, gaps as an array. */
export function toRequestJson(record: RequestRecord): RequestRecordJson {
  const json: RequestRecordJson = {
    index: record.index,
    status: record.status,
    scheduledAt: orNull(record.scheduledAt),
    dispatchedAt: orNull(record.dispatchedAt),
    headersAt: orNull(record.headersAt),
    firstTokenAt: orNull(record.firstTokenAt),
    firstOutputTokenAt: orNull(record.firstOutputTokenAt),
    lastTokenAt: orNull(record.lastTokenAt),
    endedAt: orNull(record.endedAt),
    promptTokens: orNull(record.promptTokens),
    promptTokensSource: record.promptTokensSource,
    intendedPromptTokens: orNull(record.intendedPromptTokens),
    outputTokens: orNull(record.outputTokens),
    outputTokensSource: record.outputTokensSource,
    tokenCountDiscrepancy: orNull(record.tokenCountDiscrepancy),
    promptTokenDifference: orNull(record.promptTokenDifference),
    contentParts: record.contentParts,
    // A gap is never absent, but a non-finite one must not reach JSON either.
    itlGapsMs: Array.from(record.itlGapsMs).filter(Number.isFinite),
  };
  if (record.error !== undefined) {
    json.error = { code: record.error.code, message: record.error.message };
    if (record.error.httpStatus !== undefined) json.error.httpStatus = record.error.httpStatus;
  }
  if (record.turnIndex !== undefined) json.turnIndex = record.turnIndex;
  if (record.prompt !== undefined) json.prompt = record.prompt;
  if (record.outputText !== undefined) json.outputText = record.outputText;
  return json;
}

/** Every request of `store` as the report keeps it, in dispatch order. */
export function storeToRequestJson(store: RecordStore): RequestRecordJson[] {
  return store
    .toRecords()
    .sort((a, b) => a.index - b.index)
    .map(toRequestJson);
}
