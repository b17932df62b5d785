import seedrandom from 'seedrandom';
import { resolveDataSource } from '../args/resolve-data.js';
import { InferbenchError } from '../errors.js';
import type { ColumnMapper } from '../data/column-mapper.js';
import type { FileDataSpec } from '../data/file-spec.js';
import type { HubDataSpec } from '../data/hub-spec.js';
import { parseDataString } from '../data/data-string.js';
import { hasProvenance } from '../data/data-provenance.js';
import { looksLikeScenario, parseScenario } from '../data/scenario.js';
import { createLengthSampler } from '../data/synthetic.js';
import { parseSyntheticSpec, type SyntheticDataSpec } from '../data/synthetic-spec.js';
import { describeReceived } from '../internal/messages.js';
import type { RequestSample } from '../spec/data-source.js';
import type { Tokenizer } from '../spec/tokenizer.js';
import { resolveTokenizer } from '../tokenizers/resolve-tokenizer.js';
import type { HubEnv } from '../hub/settings.js';
import { fitText } from './fit-prompt.js';
import {
  outputFormatFromPath,
  writeRows,
  type PreprocessedRow,
  type PreprocessOutputFormat,
} from './output-writer.js';

/**
 * What to do with a prompt shorter than its target: `drop` it (GuideLLM's `ignore`), `pad` it
 * with `padText`, `concatenate` the following rows onto it, or stop with an `error`.
 */
export type ShortPromptStrategy = 'drop' | 'pad' | 'concatenate' | 'error';

const STRATEGIES: readonly string[] = ['drop', 'ignore', 'pad', 'concatenate', 'error'];

/** Options of {@link preprocessDataset}. */
export interface PreprocessDatasetOptions {
  /** Any source with rows: a data file path, a Hub dataset id (with data args), or their specs. */
  data: string | FileDataSpec | HubDataSpec;
  /** Where to write: `.jsonl` or `.parquet` (or say which with `format`). */
  outputPath: string;
  /** Target lengths, as synthetic data says them: `prompt_tokens=256,prompt_tokens_stdev=32,output_tokens=128`, `D(256,128)`, or the object. */
  config: string | Omit<SyntheticDataSpec, 'type'> | SyntheticDataSpec;
  /** A tokenizer.json path or folder, a Hub model id, or a Tokenizer (GuideLLM's `--processor`). */
  tokenizer: string | Tokenizer;
  /** Hub revision of a Hub `tokenizer`. */
  tokenizerRevision?: string | undefined;
  /** Which columns hold what (GuideLLM's `--data-column-mapper`). */
  columnMapper?: string | ColumnMapper | undefined;
  /** @default 'drop' */
  shortPrompts?: ShortPromptStrategy | 'ignore' | undefined;
  /** Text repeated to pad short prompts (GuideLLM's `pad_char`). @default ' .' */
  padText?: string | undefined;
  /** Put between concatenated rows. @default '\n' */
  concatDelimiter?: string | undefined;
  /** @default the format `outputPath` names */
  format?: PreprocessOutputFormat | undefined;
  /** Seed of the length draws. @default 42 */
  seed?: string | number | undefined;
  /** Environment for the Hub (`HF_*`). @default process.env */
  env?: HubEnv | undefined;
  signal?: AbortSignal | undefined;
}

/** What {@link preprocessDataset} wrote and left out. */
export interface PreprocessSummary {
  outputPath: string;
  format: PreprocessOutputFormat;
  /** Rows read from the source that had a prompt. */
  read: number;
  /** Rows written. */
  written: number;
  /** Prompts cut to their target. */
  truncated: number;
  /** Prompts padded to their target. */
  padded: number;
  /** Rows absorbed into an earlier prompt by `concatenate`. */
  concatenated: number;
  /** Prompts dropped because they were shorter than their target. */
  droppedShort: number;
  /** Rows the source skipped (unreadable, or without a prompt). */
  skippedRows: number;
  /** Written rows whose re-encoded count missed the target (tokenizers that merge at the cut). */
  inexact: number;
}

function invalid(field: string, message: string): InferbenchError {
  return new InferbenchError('ERR_INVALID_ARGS', `${field}: ${message}`, { field });
}

function parseConfig(config: PreprocessDatasetOptions['config']): SyntheticDataSpec {
  if (typeof config === 'string') {
    const text = config.trim();
    return looksLikeScenario(text)
      ? parseScenario(text, 'config')
      : parseSyntheticSpec(text, 'config');
  }
  return parseSyntheticSpec({ ...config, type: 'synthetic' }, 'config');
}

function parseStrategy(value: PreprocessDatasetOptions['shortPrompts']): ShortPromptStrategy {
  const strategy = value ?? 'drop';
  if (!STRATEGIES.includes(strategy)) {
    throw invalid(
      'shortPrompts',
      `expected one of drop (or ignore), pad, concatenate, error, received ${describeReceived(value)}`,
    );
  }
  return strategy === 'ignore' ? 'drop' : strategy;
}

function checkData(data: PreprocessDatasetOptions['data']): FileDataSpec | HubDataSpec {
  const spec = typeof data === 'string' ? parseDataString(data, 'data') : data;
  if (spec.type !== 'file' && spec.type !== 'hub') {
    throw invalid(
      'data',
      `expected a data file or a Hugging Face dataset to preprocess, received synthetic data ${describeReceived(data)}`,
    );
  }
  return spec;
}

async function loadTokenizer(options: PreprocessDatasetOptions): Promise<Tokenizer> {
  if (typeof options.tokenizer === 'object') return options.tokenizer;
  if (typeof options.tokenizer !== 'string' || options.tokenizer.trim() === '') {
    throw invalid(
      'tokenizer',
      `expected a tokenizer.json path or folder, or a Hugging Face model id, received ${describeReceived(options.tokenizer)}`,
    );
  }
  const resolved = await resolveTokenizer({
    spec: options.tokenizer,
    revision: options.tokenizerRevision,
    env: options.env,
    signal: options.signal,
  });
  if (resolved.source === 'server') {
    throw invalid('tokenizer', 'expected a local or Hub tokenizer, received "server"');
  }
  return resolved.tokenizer;
}

/**
 * Rewrites a dataset for benchmarking, as GuideLLM's `preprocess dataset` does: each row's
 * prompt is cut to a target token count drawn from `config` (a fixed value or a distribution,
 * seeded), prompts too short are dropped, padded, concatenated with the next rows, or stop the
 * run, as `shortPrompts` says; each row is written with `prompt`, `prompt_tokens_count` (its
 * re-encoded length) and, when `config` sets one, a drawn `output_tokens_count`, as JSONL or
 * Parquet, streamed. The output reads back with `--data OUTPUT_PATH`.
 *
 * @example
 * ```ts
 * const summary = await preprocessDataset({
 *   data: 'prompts.jsonl',
 *   outputPath: 'prompts-256.parquet',
 *   config: 'prompt_tokens=256,output_tokens=128',
 *   tokenizer: 'Qwen/Qwen3-0.6B',
 * });
 * console.log(summary.written, summary.droppedShort);
 * ```
 * @throws InferbenchError `ERR_INVALID_ARGS` for bad options, `ERR_DATA` for unreadable data or a
 *   short prompt under `shortPrompts: 'error'`, `ERR_TOKENIZER` for a tokenizer that cannot load.
 */
export async function preprocessDataset(
  options: PreprocessDatasetOptions,
): Promise<PreprocessSummary> {
  const config = parseConfig(options.config);
  const strategy = parseStrategy(options.shortPrompts);
  const format = options.format ?? outputFormatFromPath(options.outputPath);
  if (format !== 'jsonl' && format !== 'parquet') {
    throw invalid(
      'outputPath',
      `expected a path ending in .jsonl or .parquet (or a format), received ${describeReceived(options.outputPath)}`,
    );
  }
  const padText = options.padText ?? ' .';
  if (strategy === 'pad' && padText === '')
    throw invalid('padText', 'expected text to pad with, received ""');
  const delimiter = options.concatDelimiter ?? '\n';
  const spec = checkData(options.data);
  const source = resolveDataSource(spec, options.columnMapper);
  const seed = String(options.seed ?? 42);
  // Rows need no tokenizer to be read: a bad file or column fails before one is loaded.
  await source.prepare({
    seed,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const tokenizer = await loadTokenizer(options);

  const promptLength = createLengthSampler(
    config.promptTokens,
    config.promptTokensStdev,
    config.promptTokensMin,
    config.promptTokensMax,
    seedrandom(`${seed}:preprocess-prompt-tokens`),
  );
  const outputTokens = config.outputTokens;
  const outputLength =
    outputTokens === undefined
      ? undefined
      : createLengthSampler(
          outputTokens,
          config.outputTokensStdev,
          config.outputTokensMin,
          config.outputTokensMax,
          seedrandom(`${seed}:preprocess-output-tokens`),
        );
  const summary: PreprocessSummary = {
    outputPath: options.outputPath,
    format,
    read: 0,
    written: 0,
    truncated: 0,
    padded: 0,
    concatenated: 0,
    droppedShort: 0,
    skippedRows: 0,
    inexact: 0,
  };

  async function* rows(): AsyncGenerator<PreprocessedRow> {
    const iterator = source.samples() as AsyncIterator<RequestSample> | Iterator<RequestSample>;
    const next = async (): Promise<string | undefined> => {
      options.signal?.throwIfAborted();
      const result = await iterator.next();
      if (result.done === true) return undefined;
      summary.read++;
      return result.value.prompt;
    };
    for (let prompt = await next(); prompt !== undefined; prompt = await next()) {
      const target = promptLength();
      let text = prompt;
      let ids = tokenizer.encode(text);
      if (ids.length < target) {
        if (strategy === 'drop') {
          summary.droppedShort++;
          continue;
        }
        if (strategy === 'error') {
          throw new InferbenchError(
            'ERR_DATA',
            `data: row ${summary.read} has ${ids.length} prompt tokens, fewer than its target of ${target} (shortPrompts: error; choose drop, pad or concatenate)`,
            { field: 'data' },
          );
        }
        if (strategy === 'concatenate') {
          while (ids.length < target) {
            const following = await next();
            if (following === undefined) break;
            summary.concatenated++;
            text = `${text}${delimiter}${following}`;
            ids = tokenizer.encode(text);
          }
          if (ids.length < target) {
            summary.droppedShort++;
            continue;
          }
        } else {
          const padTokens = Math.max(1, tokenizer.count(padText));
          const repeats = Math.ceil((target - ids.length) / padTokens) + 1;
          text = `${text}${padText.repeat(repeats)}`;
          ids = tokenizer.encode(text);
          summary.padded++;
        }
      } else if (ids.length > target) {
        summary.truncated++;
      }
      const fitted =
        ids.length === target
          ? { prompt: text, tokens: target }
          : fitText(text, ids, target, tokenizer);
      const tokens = fitted.tokens;
      if (tokens !== target) summary.inexact++;
      summary.written++;
      const row: PreprocessedRow = { prompt: fitted.prompt, prompt_tokens_count: tokens };
      if (outputLength !== undefined) row.output_tokens_count = outputLength();
      yield row;
    }
  }

  try {
    await writeRows(options.outputPath, format, rows(), outputLength !== undefined);
  } catch (error) {
    if (error instanceof InferbenchError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InferbenchError(
      'ERR_DATA',
      `outputPath: cannot write ${JSON.stringify(options.outputPath)} (${reason})`,
      {
        field: 'outputPath',
        cause: error,
      },
    );
  }
  summary.skippedRows = hasProvenance(source) ? (source.provenance().skippedRows ?? 0) : 0;
  return summary;
}
