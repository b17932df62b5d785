import type { Command } from 'commander';
import { createMockServer } from '../../mock-server/index.js';
import { parseMockServerFlags } from '../../mock-server/cli-options.js';
import { EXIT } from '../exit-codes.js';

/** Adds the `mock-server` flags to a command. */
export function addMockServerOptions(command: Command): Command {
  return command
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8000')
    .option('--model <id>', 'model id the server reports')
    .option('--ttft-ms <ms>', 'mean time to first token')
    .option('--ttft-ms-std <ms>', 'standard deviation of the time to first token')
    .option('--itl-ms <ms>', 'mean inter-token latency')
    .option('--itl-ms-std <ms>', 'standard deviation of the inter-token latency')
    .option('--output-tokens <n>', 'mean output length when the request does not fix it')
    .option('--output-tokens-std <n>', 'standard deviation of the output length')
    .option('--seed <seed>', 'seed for the jitter');
}

/** Runs `inferbench mock-server` until SIGINT or SIGTERM; prints the URL it listens on. */
export async function runMockServerCommand(
  flags: Record<string, string | undefined>,
): Promise<number> {
  const server = await createMockServer(parseMockServerFlags(flags));
  process.stdout.write(`mock server listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return EXIT.ok;
}
