import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { MockServerOptions } from '../../src/mock-server/options.js';
import type { MockServerStats } from '../../src/mock-server/stats.js';

/** A mock server in a child process: the client under test never shares its event loop. */
export interface MockProcess {
  url: string;
  pid: number;
  /** CPU the mock's process has used (µs, user + system), from its own `process.cpuUsage`. */
  stats(): Promise<MockServerStats>;
  stop(): Promise<void>;
}

/** No delays: the server answers as fast as it can, so the client is what is measured. */
export const NO_DELAY: MockServerOptions = { ttftMs: 0, itlMs: 0 };

/** Forks bench/lib/mock-child.ts under tsx and waits for the URL it prints. */
export async function startMockProcess(options: MockServerOptions): Promise<MockProcess> {
  const child: ChildProcess = fork(
    new URL('./mock-child.ts', import.meta.url),
    [JSON.stringify(options)],
    { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^(http:\/\/\S+)\n/m.exec(output);
      if (match !== null) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`mock process exited with ${code}: ${output}`)));
  });
  return {
    url,
    pid: child.pid!,
    async stats() {
      child.send('stats');
      const [message] = (await once(child, 'message')) as [{ stats: MockServerStats }];
      return message.stats;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
