import type { Command } from 'commander';
import { createMockServer, loadTranscript } from '../../mock-server/index.js';
import {
  parseFaultFlags,
  parseMockServerFlags,
  parseSimulatorFlags,
} from '../mock-server-flags.js';
import { EXIT } from '../exit-codes.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds the `mock-server` flags to a command. */
export function addMockServerOptions(command: Command): Command {
  return command
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8000')
    .option('--model <id>', 'model id the server reports')
    .option('--served-model-name <id>', 'alias of --model (vLLM)')
    .option('--max-model-len <n>', 'context length /tokenize and /v1/models state (default 32768)')
    .option('--ttft-ms <ms>', 'mean time to first token')
    .option('--ttft-ms-std <ms>', 'standard deviation of the time to first token')
    .option('--itl-ms <ms>', 'mean inter-token latency')
    .option('--itl-ms-std <ms>', 'standard deviation of the inter-token latency')
    .option('--output-tokens <n>', 'mean output length when the request does not fix it')
    .option('--output-tokens-std <n>', 'standard deviation of the output length')
    .option('--seed <seed>', 'seed for the jitter')
    .option(
      '--fault <spec>',
      'inject a fault, e.g. type=http_error,status=503,probability=0.1 (repeatable)',
      collect,
    )
    .option('--transcript <file>', 'replay this recorded SSE transcript (JSON) for every request')
    .option(
      '--simulate',
      "simulate vLLM's engine (token budget, chunked prefill, KV blocks, prefix caching); defaults calibrated to Qwen2.5-0.5B on one L4",
    )
    .option('--max-num-seqs <n>', 'simulator: requests running at once (implies --simulate)')
    .option('--max-batch <n>', 'simulator: the older name of --max-num-seqs')
    .option('--max-num-batched-tokens <n>', 'simulator: tokens one step processes at most')
    .option('--block-size <n>', 'simulator: tokens per KV-cache block')
    .option('--num-gpu-blocks <n>', 'simulator: KV-cache blocks; too few preempt requests')
    .option('--enable-prefix-caching', 'simulator: reuse cached prompt prefixes (the default)')
    .option('--no-enable-prefix-caching', 'simulator: turn prefix caching off')
    .option('--decode-step-ms <ms>', 'simulator: step time decoding one sequence')
    .option('--decode-step-ms-per-seq <ms>', 'simulator: step time added per further sequence')
    .option('--step-ms-per-prefill-token <ms>', 'simulator: step time added per prefill token')
    .option(
      '--first-token-ms-per-running-request <ms>',
      'simulator: first-token delay per other running request',
    )
    .option('--prefill-ms-base <ms>', 'simulator: fixed prefill time beside the steps')
    .option(
      '--prefill-ms-per-token <ms>',
      'simulator: prefill time per prompt token beside the steps',
    );
}

/** Runs `inferbench mock-server` until SIGINT or SIGTERM; prints the URL it listens on. */
export async function runMockServerCommand(
  flags: Record<string, string | string[] | boolean | undefined>,
): Promise<number> {
  const { fault, transcript, ...rest } = flags;
  const options = parseMockServerFlags(rest);
  const faults = parseFaultFlags(typeof fault === 'boolean' ? undefined : fault);
  const simulate = parseSimulatorFlags(flags);
  const server = await createMockServer({
    ...options,
    ...(faults.length === 0 ? {} : { faults }),
    ...(simulate === undefined ? {} : { simulate }),
    ...(typeof transcript === 'string' ? { transcript: await loadTranscript(transcript) } : {}),
  });
  process.stdout.write(`mock server listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return EXIT.ok;
}
