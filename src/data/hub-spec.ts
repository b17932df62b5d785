import { z } from 'zod';
import { describeReceived } from '../internal/messages.js';
import { isRepoId } from '../hub/repo.js';
import { parseColumnMapper, type ColumnMapper } from './column-mapper.js';
import { invalidArgs, parseJsonText, parseKeyValuePairs, splitDataArgs } from './spec-text.js';

/** The serialisable description of a Hugging Face Hub dataset read through its Parquet files. */
export interface HubDataSpec {
  /** Tags the spec as Hub data among the other data specs. */
  type: 'hub';
  /** The dataset's id, `org/name`. */
  dataset: string;
  /**
   * The configuration (GuideLLM's and `datasets`' `name`).
   * @default `default`, or the only one the dataset has
   */
  config?: string;
  /**
   * The split to read.
   * @default the only one the configuration has
   */
  split?: string;
  /**
   * Branch, tag or commit of the dataset repository.
   * @default 'main'
   */
  revision?: string;
  /** Which columns hold the prompt, messages, prefix and token counts. */
  columnMapper?: ColumnMapper;
}

/** `hf://datasets/org/name` and `hf:org/name`, the spellings that name a Hub dataset outright. */
const HF_PREFIX = /^hf:(?:\/\/datasets\/)?/;

/**
 * Tells whether the head of a `data` string names a Hub dataset: `hf://datasets/org/name`,
 * `hf:org/name`, or a bare `org/name` (optionally `@revision`) that does not look like a path
 * (no leading `.`, `/` or `~`, exactly one `/`). The caller checks first that no such file exists.
 */
export function looksLikeHubDataset(head: string): boolean {
  if (HF_PREFIX.test(head)) return true;
  if (/^[./~]/.test(head)) return false;
  const id = head.split('@')[0]!;
  return id.split('/').length === 2 && isRepoId(id);
}

/** Data args (`--data-args` keys) a Hub dataset accepts; each maps to a spec field. */
const HUB_ARG_KEYS: Readonly<Record<string, 'config' | 'split' | 'revision'>> = {
  config: 'config',
  name: 'config',
  subset: 'config',
  split: 'split',
  revision: 'revision',
};

/**
 * Applies GuideLLM-style data args to a Hub spec: `split`, `config` (or `name`, as
 * `datasets.load_dataset` calls it), `revision` and column mapper keys (`text_column`, …),
 * optionally with GuideLLM's `load_kwargs.` or `column_mappings.` prefix.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming the offending key.
 */
export function applyHubDataArgs(
  spec: HubDataSpec,
  args: Record<string, unknown>,
  field = 'data',
): HubDataSpec {
  const out: HubDataSpec = { ...spec };
  const { mapper, others } = splitDataArgs(args);
  for (const { key, rawKey, value } of others) {
    const target = HUB_ARG_KEYS[key];
    if (target === undefined) {
      throw invalidArgs(
        field,
        `unknown data arg ${JSON.stringify(rawKey)} for a Hugging Face dataset (expected split, config, name, revision or a *_column key)`,
      );
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw invalidArgs(
        `${field}.${rawKey}`,
        `expected a name, received ${describeReceived(value)}`,
      );
    }
    out[target] = value.trim();
  }
  if (Object.keys(mapper).length > 0) {
    out.columnMapper = {
      ...out.columnMapper,
      ...parseColumnMapper(mapper, `${field}.columnMapper`),
    };
  }
  return out;
}

/**
 * Parses Hub data in any of the spellings `data` accepts: `org/name`, `hf://datasets/org/name`,
 * `org/name@revision`, any of them followed by data args (`openai/gsm8k,split=test,config=main`,
 * which is what the CLI makes of `--data openai/gsm8k --data-args '{"split":"test"}'`), or the
 * object form `{ type: 'hub', dataset, split, config, revision, columnMapper }` (also as JSON).
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming `field` and the offending key.
 */
export function parseHubDataSpec(value: unknown, field = 'data'): HubDataSpec {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) {
      return parseHubDataSpec(parseJsonText(text, field, 'a JSON object'), field);
    }
    const comma = text.indexOf(',');
    const head = (comma < 0 ? text : text.slice(0, comma)).replace(HF_PREFIX, '');
    const tail = comma < 0 ? '' : text.slice(comma + 1);
    const at = head.indexOf('@');
    const dataset = at < 0 ? head : head.slice(0, at);
    const spec: HubDataSpec = { type: 'hub', dataset };
    if (at >= 0) spec.revision = head.slice(at + 1);
    const args = Object.fromEntries(parseKeyValuePairs(tail, field, 'split=test'));
    return parseHubDataSpec(applyHubDataArgs(spec, args, field), field);
  }
  const parsed = HubDataSpecSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length === 0 ? field : `${field}.${issue.path.join('.')}`;
    throw invalidArgs(at, issue.message);
  }
  const spec = parsed.data;
  if (!isRepoId(spec.dataset)) {
    throw invalidArgs(
      `${field}.dataset`,
      `expected a Hugging Face dataset id like org/name, received ${describeReceived(spec.dataset)}`,
    );
  }
  if (spec.columnMapper !== undefined) {
    spec.columnMapper = parseColumnMapper(spec.columnMapper, `${field}.columnMapper`);
  }
  return spec;
}

const name = z.string().trim().min(1);

/** Zod schema of {@link HubDataSpec}; the column mapper is checked by {@link parseColumnMapper}. */
export const HubDataSpecSchema: z.ZodType<HubDataSpec, HubDataSpec> = z.strictObject({
  type: z.literal('hub'),
  dataset: name,
  config: name.exactOptional(),
  split: name.exactOptional(),
  revision: name.exactOptional(),
  columnMapper: z
    .record(z.string(), z.unknown())
    .transform((mapper) => mapper as ColumnMapper)
    .exactOptional(),
}) as unknown as z.ZodType<HubDataSpec, HubDataSpec>;
