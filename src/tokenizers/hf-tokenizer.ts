import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { InferbenchError } from '../errors.js';
import { readJsonFile } from '../internal/json-file.js';
import type { Tokenizer } from '../spec/tokenizer.js';

/** Loaded tokenizers by the real paths of their tokenizer.json and config: a load costs about a second. */
const cache = new Map<string, Promise<Tokenizer>>();

function tokenizerError(path: string, reason: string, cause?: unknown): InferbenchError {
  return new InferbenchError(
    'ERR_TOKENIZER',
    `tokenizer: expected a tokenizer.json file or a folder containing one, received ${JSON.stringify(path)} (${reason})`,
    { field: 'tokenizer', cause },
  );
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'a folder where a file was expected';
  return error instanceof Error ? error.message : String(error);
}

/** Finds the tokenizer.json a path names, and the tokenizer_config.json beside it if any. */
async function locate(path: string): Promise<{ file: string; config: string | undefined }> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw tokenizerError(path, reasonOf(error), error);
  }
  const file = info.isDirectory() ? join(path, 'tokenizer.json') : path;
  let real: string;
  try {
    real = await realpath(file);
  } catch (error) {
    const reason = info.isDirectory() ? 'the folder has no tokenizer.json' : reasonOf(error);
    throw tokenizerError(path, reason, error);
  }
  // Only a file named tokenizer.json sits in a model folder whose config belongs to it. The
  // folder is the one named, not the symlink's target: a Hugging Face cache snapshot links
  // each file to a blob named by its hash.
  const config =
    basename(file) === 'tokenizer.json' ? join(dirname(file), 'tokenizer_config.json') : undefined;
  return { file: real, config };
}

function readJson(path: string, file: string): Promise<unknown> {
  return readJsonFile(file, (problem) =>
    tokenizerError(
      path,
      problem.kind === 'unreadable'
        ? reasonOf(problem.cause)
        : `${basename(file)} is not valid JSON: ${problem.message}`,
      problem.cause,
    ),
  );
}

async function readOptionalConfig(path: string, config: string | undefined): Promise<object> {
  if (config === undefined) return {};
  try {
    await stat(config);
  } catch {
    return {};
  }
  const parsed = await readJson(path, config);
  return typeof parsed === 'object' && parsed !== null ? parsed : {};
}

async function load(
  path: string,
  file: string,
  configPath: string | undefined,
): Promise<Tokenizer> {
  const [json, config] = await Promise.all([
    readJson(path, file),
    readOptionalConfig(path, configPath),
  ]);
  let hf: HfTokenizer;
  try {
    hf = new HfTokenizer(json as object, config);
  } catch (error) {
    throw tokenizerError(
      path,
      `not a Hugging Face tokenizer definition: ${reasonOf(error)}`,
      error,
    );
  }
  const encodeOptions = { add_special_tokens: false } as const;
  // No clean-up of spaces: prompts are built by decoding id windows and re-encoding them, and
  // a faithful round trip is what keeps that exact.
  const decodeOptions = { skip_special_tokens: true, clean_up_tokenization_spaces: false } as const;
  return {
    name: file,
    encode: (text) => hf.encode(text, encodeOptions).ids,
    decode: (ids) => hf.decode(ids as number[], decodeOptions),
    count: (text) => hf.encode(text, encodeOptions).ids.length,
  };
}

/**
 * Loads a Hugging Face `tokenizer.json` from a file path, or from a folder holding one (with its
 * optional `tokenizer_config.json`). Tokenizers are cached by real path, so loading the same
 * file twice costs nothing the second time. Encoding adds no special tokens; decoding skips them.
 *
 * @example
 * ```ts
 * const tokenizer = await loadHfTokenizer('./models/Qwen3-0.6B');
 * tokenizer.count('Hello world'); // 2
 * ```
 * @throws InferbenchError `ERR_TOKENIZER` (field `tokenizer`) when the path is missing,
 * unreadable, not JSON or not a tokenizer definition.
 */
export async function loadHfTokenizer(path: string): Promise<Tokenizer> {
  const { file, config } = await locate(path);
  const realConfig = config === undefined ? '' : await realpath(config).catch(() => '');
  const key = `${file}\0${realConfig}`;
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = load(path, file, config);
    cache.set(key, pending);
    // A failed load is not cached, so a fixed file can be retried in the same process.
    pending.catch(() => cache.delete(key));
  }
  return pending;
}
