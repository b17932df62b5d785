import {
  checkMockServerOptions,
  parseFaultFlag,
  type FaultSpec,
  type MockServerOptions,
  type SimulatorOptions,
} from '../mock-server/index.js';
import { InferbenchError } from '../index.js';
import { numberOrText } from '../internal/number-text.js';

/** `inferbench mock-server` flag → the option it sets (numeric ones are parsed as numbers). */
const OPTION_FLAGS = [
  ['ttft-ms', 'ttftMs', 'number'],
  ['ttft-ms-std', 'ttftMsStd', 'number'],
  ['itl-ms', 'itlMs', 'number'],
  ['itl-ms-std', 'itlMsStd', 'number'],
  ['output-tokens', 'outputTokens', 'number'],
  ['output-tokens-std', 'outputTokensStd', 'number'],
  ['seed', 'seed', 'number'],
  ['port', 'port', 'number'],
  ['max-model-len', 'maxModelLen', 'number'],
  ['host', 'host', 'text'],
  // vLLM's spelling of the model id a server answers to; `--model` wins when both are given
  // (and names the option in messages).
  ['served-model-name', 'model', 'text'],
  ['model', 'model', 'text'],
] as const satisfies readonly (readonly [string, keyof MockServerOptions, 'number' | 'text'])[];

/** Engine simulator flag → the numeric `simulate` option it sets (vLLM's spelling where it has one). */
const SIMULATOR_FLAGS = [
  ['max-num-seqs', 'maxNumSeqs'],
  // The older name of --max-num-seqs.
  ['max-batch', 'maxBatch'],
  ['max-num-batched-tokens', 'maxNumBatchedTokens'],
  ['block-size', 'blockSize'],
  ['num-gpu-blocks', 'numGpuBlocks'],
  ['decode-step-ms', 'decodeStepMs'],
  ['decode-step-ms-per-seq', 'decodeStepMsPerSequence'],
  ['step-ms-per-prefill-token', 'stepMsPerPrefillToken'],
  ['first-token-ms-per-running-request', 'firstTokenMsPerRunningRequest'],
  ['prefill-ms-base', 'prefillMsBase'],
  ['prefill-ms-per-token', 'prefillMsPerToken'],
] as const satisfies readonly (readonly [string, keyof SimulatorOptions])[];

/** The boolean simulator flag (`--enable-prefix-caching`, `--no-enable-prefix-caching`). */
const PREFIX_CACHING_FLAG = 'enable-prefix-caching';

/** Option names in the mock server's messages → the flags a CLI user typed. */
const FLAG_OF_FIELD: ReadonlyMap<string, string> = new Map([
  ...OPTION_FLAGS.map(([flag, option]): [string, string] => [option, flag]),
  ...SIMULATOR_FLAGS.map(([flag, option]): [string, string] => [`simulate.${option}`, flag]),
  ['simulate.enablePrefixCaching', PREFIX_CACHING_FLAG],
]);

function kebabToCamel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** A flag's value under its kebab-case name or its camelCase twin (what commander produces). */
function flagValue(
  flags: Readonly<Record<string, string | string[] | boolean | undefined>>,
  flag: string,
): string | undefined {
  const value = flags[flag] ?? flags[kebabToCamel(flag)];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Checks options with the mock server's own rules, naming the flag instead of the option in
 * the error (`itl-ms: expected a number >= 0, received "abc"`).
 */
function checkAsFlags(options: MockServerOptions): void {
  try {
    checkMockServerOptions(options);
  } catch (error) {
    const flag =
      error instanceof InferbenchError ? FLAG_OF_FIELD.get(error.field ?? '') : undefined;
    if (flag === undefined || !(error instanceof InferbenchError)) throw error;
    // Each problem of the message starts with its field (`itlMs: expected …; port: …`).
    const message = error.message.replace(
      /(^|; )([\w.]+):/g,
      (whole, start: string, field: string) => `${start}${FLAG_OF_FIELD.get(field) ?? field}:`,
    );
    throw new InferbenchError(error.code, message, { field: flag, cause: error });
  }
}

/**
 * Converts the `inferbench mock-server` flags (`--ttft-ms`, `--ttft-ms-std`, `--itl-ms`,
 * `--itl-ms-std`, `--output-tokens`, `--output-tokens-std`, `--seed`, `--host`, `--port`,
 * `--max-model-len`, `--model` or its vLLM spelling `--served-model-name`) into mock server options, checked by the server's own rules. Keys may be kebab-case
 * or camelCase; absent flags keep the option's default; keys it does not know are left alone.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming the flag, e.g.
 *   `itl-ms: expected a number >= 0, received "abc"`.
 */
export function parseMockServerFlags(
  flags: Readonly<Record<string, string | string[] | boolean | undefined>>,
): MockServerOptions {
  const options: Record<string, unknown> = {};
  for (const [flag, option, kind] of OPTION_FLAGS) {
    const text = flagValue(flags, flag);
    if (text !== undefined) options[option] = kind === 'number' ? numberOrText(text) : text;
  }
  checkAsFlags(options as MockServerOptions);
  return options as MockServerOptions;
}

/**
 * Converts the repeatable `--fault` flag (each value like
 * `type=http_error,status=503,probability=0.1`) into the `faults` option.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming the flag and the bad key.
 */
export function parseFaultFlags(values: readonly string[] | string | undefined): FaultSpec[] {
  if (values === undefined) return [];
  const list = typeof values === 'string' ? [values] : values;
  return list.map((value) => parseFaultFlag(value, '--fault'));
}

/**
 * Converts the engine simulator flags into the `simulate` option: `--simulate`, vLLM's
 * `--max-num-seqs` (or the older `--max-batch`), `--max-num-batched-tokens`, `--block-size`,
 * `--num-gpu-blocks`, `--enable-prefix-caching` / `--no-enable-prefix-caching`, and the step-time
 * flags `--decode-step-ms`, `--decode-step-ms-per-seq`, `--step-ms-per-prefill-token`,
 * `--first-token-ms-per-running-request`, `--prefill-ms-base`, `--prefill-ms-per-token`. Returns
 * `undefined` when none is given, `true` for `--simulate` alone (the calibrated defaults),
 * otherwise the options given. A simulator flag implies `--simulate`.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming the flag, e.g.
 *   `max-num-seqs: expected an integer >= 1, received 0`.
 */
export function parseSimulatorFlags(
  flags: Readonly<Record<string, string | string[] | boolean | undefined>>,
): true | SimulatorOptions | undefined {
  const options: Record<string, unknown> = {};
  for (const [flag, option] of SIMULATOR_FLAGS) {
    const text = flagValue(flags, flag);
    if (text !== undefined) options[option] = numberOrText(text);
  }
  // Commander gives `--no-enable-prefix-caching` as enablePrefixCaching: false; a config file
  // may give the text.
  const caching = flags[PREFIX_CACHING_FLAG] ?? flags[kebabToCamel(PREFIX_CACHING_FLAG)];
  if (caching !== undefined) {
    options['enablePrefixCaching'] =
      caching === 'true' ? true : caching === 'false' ? false : caching;
  }
  if (Object.keys(options).length > 0) {
    checkAsFlags({ simulate: options as SimulatorOptions });
    return options as SimulatorOptions;
  }
  const simulate = flags['simulate'];
  return simulate === true || simulate === 'true' ? true : undefined;
}
