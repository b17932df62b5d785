import { existsSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { InferbenchError } from '../errors.js';
import type { DataSource, RequestSample } from '../spec/data-source.js';
import type { Tokenizer } from '../spec/tokenizer.js';
import { createWordTokenizer } from '../tokenizers/word-tokenizer.js';
import { createExactPromptBuilder, type ExactPromptBuilder } from './exact-prompts.js';
import { formatFromPath } from './files/file-format.js';
import { readRows } from './files/read-rows.js';
import { readTraceEntry, type TraceEntry } from './trace-rows.js';

/** Tokens per hash id block in Mooncake traces. */
export const TRACE_BLOCK_TOKENS = 512;
/** Longest stretch `prepare` builds prompts without letting the event loop run. */
const SLICE_MS = 20;

/** Where a trace comes from and how its blocks are sized. */
export interface TraceDataSpec {
  /** A JSONL or CSV file (gzip or not) of rows in the Mooncake shape. */
  path: string;
  /**
   * Tokens per `hash_ids` block.
   * @default 512
   */
  blockTokens?: number;
}

/** A data source replaying a trace: each sample carries its send offset (`timestampMs`). */
export interface TraceDataSource extends DataSource {
  /** The requests of the trace, in send order, once `prepare` has read it. */
  readonly entries: readonly TraceEntry[];
  /** A fresh pass over the prepared samples, from the first. */
  samples(): IterableIterator<RequestSample>;
}

/**
 * Prompt text for a trace: one text per block id (blocks with the same id share their text, so
 * a server's prefix cache sees the trace's shared prefixes), and a unique text per request
 * without block ids. Each text is exact under the tokenizer on its own; where two blocks meet
 * the tokenizer may merge a token, so each prompt is counted once whole.
 */
function createTraceTexts(
  tokenizer: Tokenizer,
  seed: string,
  blockTokens: number,
): (entry: TraceEntry, row: number) => string {
  const builder: ExactPromptBuilder = createExactPromptBuilder(tokenizer);
  const blocks = new Map<string, string>();
  const starts = seedrandom(`${seed}:trace-starts`);
  return (entry, row) => {
    if (entry.hashIds === undefined) {
      return builder.build(entry.inputLength, row, starts(), ' request ').prompt;
    }
    let prompt = '';
    entry.hashIds.forEach((id, position) => {
      const tokens = Math.min(blockTokens, entry.inputLength - position * blockTokens);
      // A short last block is its own text: a full block of the same id is another length.
      const key = tokens === blockTokens ? String(id) : `${id}/${tokens}`;
      let text = blocks.get(key);
      if (text === undefined) {
        const startSeed = seedrandom(`${seed}:block:${key}`)();
        text = builder.build(tokens, id, startSeed, ' block ').prompt;
        blocks.set(key, text);
      }
      prompt += text;
    });
    return prompt;
  };
}

/**
 * Creates the data source of a `replay` run: a JSONL or CSV trace in the Mooncake shape
 * (`timestamp` in ms, `input_length`, `output_length`, optional `hash_ids` of 512-token blocks).
 * `prepare` reads the whole trace, orders it by timestamp and builds every prompt with the run's
 * tokenizer (the word tokenizer without one) before the clock starts: each sample carries its
 * offset from the earliest timestamp (`timestampMs`), the recorded output length as its budget,
 * and its prompt's length under the tokenizer. Every `samples()` pass starts from the first.
 *
 * @example
 * ```ts
 * const trace = createTraceDataSource({ path: 'mooncake.jsonl' });
 * await trace.prepare({ seed: '42' });
 * trace.samples().next().value; // { prompt: ' block 46: …', timestampMs: 0, outputTokens: 12, … }
 * ```
 * @throws InferbenchError `ERR_DATA` from `prepare` for an unreadable trace or a bad row.
 */
export function createTraceDataSource(spec: TraceDataSpec): TraceDataSource {
  const format = formatFromPath(spec.path);
  if (format !== 'jsonl' && format !== 'csv' && format !== 'json') {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `data: profile "replay" expected a trace file (.jsonl, .json or .csv, optionally .gz), received ${JSON.stringify(spec.path)}`,
      { field: 'data' },
    );
  }
  if (!existsSync(spec.path)) {
    throw new InferbenchError(
      'ERR_DATA',
      `data: profile "replay" expected a trace file, received ${JSON.stringify(spec.path)} (no such file)`,
      { field: 'data' },
    );
  }
  const blockTokens = spec.blockTokens ?? TRACE_BLOCK_TOKENS;
  let entries: TraceEntry[] = [];
  let samples: RequestSample[] | undefined;
  return {
    name: 'trace',
    get entries() {
      return entries;
    },
    async prepare(context) {
      const read: Array<{ entry: TraceEntry; row: number }> = [];
      try {
        for await (const result of readRows(spec.path, { format })) {
          if ('error' in result) {
            throw new InferbenchError(
              'ERR_DATA',
              `data: trace row ${result.row}: ${result.error}`,
              {
                field: 'data',
              },
            );
          }
          read.push({
            entry: readTraceEntry(result.values, result.row, blockTokens),
            row: result.row,
          });
        }
      } catch (error) {
        if (error instanceof InferbenchError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new InferbenchError(
          'ERR_DATA',
          `data: cannot read trace ${JSON.stringify(spec.path)} (${reason})`,
          {
            field: 'data',
            cause: error,
          },
        );
      }
      if (read.length === 0) {
        throw new InferbenchError(
          'ERR_DATA',
          `data: expected trace rows in ${JSON.stringify(spec.path)}, received none`,
          {
            field: 'data',
          },
        );
      }
      // A stable sort: rows with the same timestamp keep the file's order.
      read.sort((a, b) => a.entry.timestampMs - b.entry.timestampMs);
      const origin = read[0]!.entry.timestampMs;
      const tokenizer = context.tokenizer ?? createWordTokenizer();
      const textOf = createTraceTexts(tokenizer, context.seed, blockTokens);
      const built: RequestSample[] = [];
      let sliceStart = performance.now();
      for (const { entry, row } of read) {
        const prompt = textOf(entry, row);
        built.push({
          prompt,
          promptTokens: tokenizer.count(prompt),
          outputTokens: entry.outputLength,
          timestampMs: entry.timestampMs - origin,
        });
        if (performance.now() - sliceStart > SLICE_MS) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          context.signal?.throwIfAborted();
          sliceStart = performance.now();
        }
      }
      entries = read.map(({ entry }) => entry);
      samples = built;
    },
    samples() {
      if (samples === undefined) {
        throw new InferbenchError(
          'ERR_INTERNAL',
          'trace data: samples() was called before prepare()',
        );
      }
      return samples[Symbol.iterator]();
    },
  };
}
