// Type-level tests of runBenchmark's args: every arg takes the union of the specs it accepts at
// run time, and nothing else. Checked by `npm run test:types` (tsc -p test/types); each line
// expected to be an error fails the check when it starts to compile.
import { expectTypeOf } from 'vitest';
import type { z } from 'zod';
import {
  runBenchmark,
  type BenchmarkArgs,
  type BenchmarkArgsSchema,
  type DataSource,
  type FileDataSpec,
  type HubDataSpec,
  type Profile,
  type Progress,
  type SyntheticDataSpec,
  type Tokenizer,
} from 'inferbench';

declare const dataSource: DataSource;
declare const tokenizer: Tokenizer;
declare const profile: Profile;
declare const progress: Progress;

const base = { target: 'mock', maxSeconds: 1 } as const;

// The hand-written, documented type and the schema's input type are the same type.
expectTypeOf<BenchmarkArgs>().toEqualTypeOf<z.input<typeof BenchmarkArgsSchema>>();

// target is the one required arg.
// @ts-expect-error target is required
void runBenchmark({ maxSeconds: 1 });
// @ts-expect-error target is a string
void runBenchmark({ target: 8000, maxSeconds: 1 });

// data: a shorthand string, a file path or Hub id, a synthetic, file or Hub spec, or a DataSource.
expectTypeOf<BenchmarkArgs['data']>().toEqualTypeOf<
  string | SyntheticDataSpec | FileDataSpec | HubDataSpec | DataSource | undefined
>();
void runBenchmark({ ...base, data: { type: 'hub', dataset: 'openai/gsm8k', split: 'test' } });
void runBenchmark({ ...base, data: 'openai/gsm8k', dataColumnMapper: { text_column: 'question' } });
void runBenchmark({ ...base, data: 'prompt_tokens=256,output_tokens=128' });
void runBenchmark({ ...base, data: { type: 'synthetic', promptTokens: 256, outputTokens: 128 } });
void runBenchmark({ ...base, data: dataSource });
void runBenchmark({ ...base, data: { type: 'file', path: 'prompts.jsonl' } });
// @ts-expect-error a file spec needs its path
void runBenchmark({ ...base, data: { type: 'file' } });
// @ts-expect-error a number is no data spec
void runBenchmark({ ...base, data: 42 });
// @ts-expect-error a synthetic spec is tagged with its type
void runBenchmark({ ...base, data: { promptTokens: 256 } });
// @ts-expect-error shorthand keys are for strings; the object form is camelCase
void runBenchmark({ ...base, data: { type: 'synthetic', prompt_tokens: 256 } });
// @ts-expect-error an object without samples() is no DataSource
void runBenchmark({ ...base, data: { prepare: async () => {} } });

// tokenizer: a path (or `word`), or a Tokenizer.
void runBenchmark({ ...base, tokenizer: './tokenizer.json' });
void runBenchmark({ ...base, tokenizer });
// @ts-expect-error a tokenizer is a path or a Tokenizer
void runBenchmark({ ...base, tokenizer: true });

// profile: a built-in name or a Profile; rate: a number or a list.
void runBenchmark({ ...base, profile: 'sweep', rate: 10 });
void runBenchmark({ ...base, profile: 'constant', rate: [1, 2, 4] });
void runBenchmark({ ...base, profile });
// @ts-expect-error no such profile
void runBenchmark({ ...base, profile: 'ramp' });
// @ts-expect-error a rate is a number, not a string
void runBenchmark({ ...base, profile: 'constant', rate: '10' });
// @ts-expect-error sweep steps are constant or poisson
void runBenchmark({ ...base, profile: 'sweep', sweepStrategy: 'throughput' });
void runBenchmark({
  ...base,
  profile: 'capacity',
  slo: 'ttft_ms.p99<=200',
  capacity: { maxRate: 40 },
});
// @ts-expect-error capacity options are minRate, maxRate, precision, maxSteps
void runBenchmark({ ...base, profile: 'capacity', capacity: { max: 40 } });

// Constraints and the measured window.
void runBenchmark({ ...base, maxRequests: 10, maxErrors: 2, maxErrorRate: 0.1 });
void runBenchmark({ ...base, overSaturation: true });
void runBenchmark({ ...base, overSaturation: { confidence: 0.99, minSeconds: 5 } });
// @ts-expect-error unknown detector setting
void runBenchmark({ ...base, overSaturation: { threshold: 2 } });
void runBenchmark({ ...base, warmup: 0.1, cooldown: '5s' });
void runBenchmark({ ...base, warmup: { requests: 20 }, cooldown: { seconds: 2 } });
// @ts-expect-error a warmup object has one of fraction, seconds, requests
void runBenchmark({ ...base, warmup: { minutes: 1 } });
// @ts-expect-error maxSeconds is a number
void runBenchmark({ target: 'mock', maxSeconds: '10' });
void runBenchmark({ ...base, signal: AbortSignal.timeout(1000) });
// @ts-expect-error a signal is an AbortSignal
void runBenchmark({ ...base, signal: new AbortController() });

// SLOs: the string form or the object form.
void runBenchmark({ ...base, slo: 'ttft_ms.p99<=500,error_rate<=0.01' });
void runBenchmark({ ...base, slo: { ttftMs: { p99: 500 }, errorRate: 0.01 } });
// @ts-expect-error an SLO limit is a number
void runBenchmark({ ...base, slo: { ttftMs: { p99: '500' } } });

// Transport and outputs.
void runBenchmark({ ...base, requestFormat: 'completions', stream: false, headers: { a: 'b' } });
// @ts-expect-error the route is chat or completions
void runBenchmark({ ...base, requestFormat: 'responses' });
// @ts-expect-error header values are strings
void runBenchmark({ ...base, headers: { 'x-retries': 3 } });
void runBenchmark({ ...base, progress: [progress], retainRequests: true, retainText: true });
// @ts-expect-error unknown args are rejected, like the schema rejects them
void runBenchmark({ ...base, maxTime: 10 });

// Optional args also take an explicit undefined (e.g. from process.env).
void runBenchmark({ ...base, model: process.env['MODEL'], apiKey: undefined });
