import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

/** Path of the built CLI (tests run after `npm run build`). */
export const CLI_PATH = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

/** A mock server in its own process, so its event loop does not share the client's. */
export interface SpawnedMockServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `inferbench mock-server --port 0` with `flags` and waits for the URL it prints. */
export async function spawnMockServer(flags: string[]): Promise<SpawnedMockServer> {
  const child = spawn(process.execPath, [CLI_PATH, 'mock-server', '--port', '0', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`mock server did not start: ${output}`)),
      15_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mock server exited with ${code}: ${output}`));
    });
  });
  return {
    url,
    process: child,
    async stop() {
      // A child killed by a signal has a signalCode and no exitCode.
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
