import type { Benchmark } from '../report/benchmark-schema.js';
import type { BenchmarkReport } from '../report/report-schema.js';

/** The note for output token counts that are guesses: no usage from the server, no tokenizer. */
export const TOKEN_GUESS_NOTE =
  'output token counts are guesses: the server reported no usage and no tokenizer was given, so each stream chunk (or whole response) counted as one token; pass tokenizer (--tokenizer) for exact counts';

/** Whether a benchmark's successful requests had output counts guessed from stream parts. */
export function hasGuessedTokenCounts(benchmark: Benchmark): boolean {
  return (
    benchmark.tokenCounts.outputTokensSource.parts > 0 &&
    benchmark.measuredRequestCounts.dispatched.successful > 0
  );
}

/** Warning codes whose notes the summary derives from the benchmarks themselves. */
const DERIVED = new Set(['CLIENT_BOUND', 'TOKEN_COUNTS_GUESSED']);

/**
 * The notes of a run's summary: the report's warnings (those the benchmarks do not say
 * themselves), then whether its output token counts are guesses, derived from the benchmarks so
 * that a report of any version says it.
 */
export function runNotes(report: BenchmarkReport): string[] {
  const notes = (report.warnings ?? [])
    .filter((warning) => !DERIVED.has(warning.code))
    .map((warning) => warning.message);
  if (report.benchmarks.some(hasGuessedTokenCounts)) notes.push(TOKEN_GUESS_NOTE);
  return notes;
}
