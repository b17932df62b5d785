import { InferbenchError } from '../index.js';
import { describeReceived } from '../internal/messages.js';

/** CLI flag for each args field, so error messages name what the user typed. */
export const FLAG_FOR_FIELD: Readonly<Record<string, string>> = {
  target: '--target',
  model: '--model',
  data: '--data',
  profile: '--profile',
  rate: '--rate',
  maxSeconds: '--max-seconds',
  maxRequests: '--max-requests',
  maxErrors: '--max-errors',
  maxErrorRate: '--max-error-rate',
  maxConcurrency: '--max-concurrency',
  workers: '--workers',
  requestFormat: '--request-format',
  apiKey: '--api-key',
  tokenizer: '--tokenizer',
  tokenizerRevision: '--tokenizer-revision',
  randomSeed: '--random-seed',
  requestTimeoutMs: '--request-timeout-ms',
  connectTimeoutMs: '--connect-timeout-ms',
  warmup: '--warmup',
  cooldown: '--cooldown',
  rampup: '--rampup',
  timeScale: '--time-scale',
  slo: '--slo',
  sweepStrategy: '--sweep-strategy',
  capacity: '--capacity-*',
  insecure: '--insecure',
  caCertFile: '--ca-cert',
  caCert: '--ca-cert',
  maxInitialFailures: '--max-initial-failures',
  probe: '--no-probe',
  stream: '--no-stream',
  overSaturation: '--over-saturation',
  outputDir: '--output-dir',
  serverMetrics: '--server-metrics',
};

/** Rewrites `field: ...` parts of an args error into `--flag: ...`. */
export function withFlagNames(message: string): string {
  return message.replace(
    /(^|; )([A-Za-z]+)((?:[.[][^:]*)?):/g,
    (whole, lead: string, field: string, rest: string) => {
      const flag = FLAG_FOR_FIELD[field];
      return flag === undefined ? whole : `${lead}${flag}${rest}:`;
    },
  );
}

/** Parses a numeric flag; `undefined` passes through. */
export function numberFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `${flag}: expected a number, received ${describeReceived(value)}`,
      {
        field: flag,
      },
    );
  }
  return number;
}

/** Parses `--rate 10` or `--rate 1,2,4` into a number or a list. */
export function rateFlag(value: string | undefined): number | number[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((part) => part.trim());
  const numbers = parts.map((part) => numberFlag('--rate', part)!);
  return numbers.length === 1 ? numbers[0] : numbers;
}

/** Parses a comma-separated list flag such as `--outputs json,csv`. */
export function listFlag(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
