import { InferbenchError, describeReceived } from '../errors.js';
import {
  MOCK_SERVER_NUMBER_RULES,
  checkNumber,
  describeRule,
  type MockServerOptions,
  type NumberRule,
} from './options.js';
import { parseFaultFlag, type FaultSpec } from './faults.js';
import { SIMULATOR_NUMBER_RULES, type SimulatorOptions } from './simulator-options.js';

type NumericOption = keyof typeof MOCK_SERVER_NUMBER_RULES;

/** CLI flag name → numeric option it sets. */
const NUMERIC_FLAGS: readonly (readonly [string, NumericOption])[] = [
  ['ttft-ms', 'ttftMs'],
  ['ttft-ms-std', 'ttftMsStd'],
  ['itl-ms', 'itlMs'],
  ['itl-ms-std', 'itlMsStd'],
  ['output-tokens', 'outputTokens'],
  ['output-tokens-std', 'outputTokensStd'],
  ['seed', 'seed'],
  ['port', 'port'],
];

const TEXT_FLAGS = [
  ['host', 'host'],
  ['model', 'model'],
] as const;

function kebabToCamel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** A flag's value under its kebab-case name or its camelCase twin (what commander produces). */
function flagValue(flags: Record<string, string | undefined>, flag: string): string | undefined {
  return flags[flag] ?? flags[kebabToCamel(flag)];
}

function parseNumber(flag: string, text: string, rule: NumberRule): number {
  const trimmed = text.trim();
  // Number('') is 0 and Number('0x10') is 16: accept plain decimal notation only.
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : NaN;
  if (Number.isNaN(value)) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `${flag}: expected ${describeRule(rule)}, received ${describeReceived(text)}`,
      { field: flag },
    );
  }
  return checkNumber(flag, value, rule);
}

/**
 * Converts the `inferbench mock-server` flags (`--ttft-ms`, `--ttft-ms-std`, `--itl-ms`,
 * `--itl-ms-std`, `--output-tokens`, `--output-tokens-std`, `--seed`, `--host`, `--port`,
 * `--model`) into {@link MockServerOptions}. Keys may be kebab-case or camelCase; absent or
 * undefined flags keep the option's default; keys it does not know are left for the caller.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming the flag, e.g.
 *   `itl-ms: expected a number >= 0, received "abc"`.
 * @example
 * ```ts
 * const options = parseMockServerFlags({ 'itl-ms': '15', port: '8000' });
 * const server = await createMockServer(options);
 * ```
 */
export function parseMockServerFlags(flags: Record<string, string | undefined>): MockServerOptions {
  const options: MockServerOptions = {};
  for (const [flag, option] of NUMERIC_FLAGS) {
    const text = flagValue(flags, flag);
    if (text !== undefined) {
      options[option] = parseNumber(flag, text, MOCK_SERVER_NUMBER_RULES[option]);
    }
  }
  for (const [flag, option] of TEXT_FLAGS) {
    const text = flagValue(flags, flag);
    if (text === undefined) continue;
    if (text.trim().length === 0) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `${flag}: expected a non-empty string, received ${describeReceived(text)}`,
        { field: flag },
      );
    }
    options[option] = text;
  }
  return options;
}

/**
 * Converts the repeatable `--fault` flag of `inferbench mock-server` (each value like
 * `type=http_error,status=503,probability=0.1`) into the `faults` option.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming the flag and the bad key.
 * @example
 * ```ts
 * const faults = parseFaultFlags(['type=http_error,status=429,probability=0.2']);
 * const server = await createMockServer({ faults });
 * ```
 */
export function parseFaultFlags(values: readonly string[] | string | undefined): FaultSpec[] {
  if (values === undefined) return [];
  const list = typeof values === 'string' ? [values] : values;
  return list.map((value) => parseFaultFlag(value, '--fault'));
}

/** CLI flag name → numeric simulator option it sets (vLLM's spelling where vLLM has one). */
const SIMULATOR_FLAGS: readonly (readonly [string, keyof typeof SIMULATOR_NUMBER_RULES])[] = [
  ['max-num-seqs', 'maxNumSeqs'],
  ['max-num-batched-tokens', 'maxNumBatchedTokens'],
  ['block-size', 'blockSize'],
  ['num-gpu-blocks', 'numGpuBlocks'],
  ['decode-step-ms', 'decodeStepMs'],
  ['decode-step-ms-per-seq', 'decodeStepMsPerSequence'],
  ['step-ms-per-prefill-token', 'stepMsPerPrefillToken'],
  ['first-token-ms-per-running-request', 'firstTokenMsPerRunningRequest'],
  ['prefill-ms-base', 'prefillMsBase'],
  ['prefill-ms-per-token', 'prefillMsPerToken'],
];

type SimulatorFlags = Readonly<Record<string, string | string[] | boolean | undefined>>;

function simulatorFlag(
  flags: SimulatorFlags,
  flag: string,
): string | string[] | boolean | undefined {
  return flags[flag] ?? flags[kebabToCamel(flag)];
}

/**
 * Converts the engine simulator flags of `inferbench mock-server` into the `simulate` option:
 * `--simulate`, vLLM's `--max-num-seqs` (or the older `--max-batch`), `--max-num-batched-tokens`,
 * `--block-size`, `--num-gpu-blocks`, `--enable-prefix-caching` / `--no-enable-prefix-caching`,
 * and the step-time flags `--decode-step-ms`, `--decode-step-ms-per-seq`,
 * `--step-ms-per-prefill-token`, `--first-token-ms-per-running-request`, `--prefill-ms-base`,
 * `--prefill-ms-per-token`. Returns `undefined` when none is given, `true` for `--simulate`
 * alone (the calibrated defaults), otherwise the options given. A simulator flag implies
 * `--simulate`.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming the flag, e.g.
 *   `max-num-seqs: expected an integer >= 1, received "0"`.
 * @example
 * ```ts
 * const simulate = parseSimulatorFlags({ simulate: true, 'max-num-seqs': '8' });
 * const server = await createMockServer({ simulate });
 * ```
 */
export function parseSimulatorFlags(
  flags: Readonly<Record<string, string | string[] | boolean | undefined>>,
): true | SimulatorOptions | undefined {
  const options: SimulatorOptions = {};
  let given = false;
  for (const [flag, option] of SIMULATOR_FLAGS) {
    const value = simulatorFlag(flags, flag);
    if (typeof value !== 'string') continue;
    options[option] = parseNumber(flag, value, SIMULATOR_NUMBER_RULES[option]);
    given = true;
  }
  const maxBatch = simulatorFlag(flags, 'max-batch');
  if (typeof maxBatch === 'string') {
    options.maxBatch = parseNumber('max-batch', maxBatch, SIMULATOR_NUMBER_RULES.maxNumSeqs);
    given = true;
  }
  const caching = simulatorFlag(flags, 'enable-prefix-caching');
  if (caching !== undefined) {
    if (typeof caching !== 'boolean' && caching !== 'true' && caching !== 'false') {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `enable-prefix-caching: expected true or false, received ${describeReceived(caching)}`,
        { field: 'enable-prefix-caching' },
      );
    }
    options.enablePrefixCaching = caching === true || caching === 'true';
    given = true;
  }
  if (given) return options;
  const simulate = flags['simulate'];
  return simulate === true || simulate === 'true' ? true : undefined;
}
