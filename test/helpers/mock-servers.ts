import { afterEach } from 'vitest';
import {
  createMockServer,
  type MockServer,
  type MockServerOptions,
} from '../../src/mock-server/index.js';
import { spawnMockServer, type SpawnedMockServer } from './spawn-mock-server.js';

/** Starts mock servers for a test file and closes every one of them after each test. */
export interface MockServers {
  /** An in-process mock server on 127.0.0.1, port 0. */
  start(options?: MockServerOptions): Promise<MockServer>;
  /** `inferbench mock-server --port 0 …flags` in its own process (needs the built CLI). */
  spawn(flags: string[]): Promise<SpawnedMockServer>;
}

/**
 * The mock-server lifecycle every test file shares: call it once at the top of a file (it
 * registers an `afterEach` that closes what the test started, so no socket or process leaks
 * into the next test).
 *
 * @example
 * ```ts
 * const mocks = useMockServers();
 * it('…', async () => {
 *   const server = await mocks.start({ ttftMs: 5 });
 * });
 * ```
 */
export function useMockServers(): MockServers {
  const started: MockServer[] = [];
  const spawned: SpawnedMockServer[] = [];
  afterEach(async () => {
    await Promise.all([
      ...started.splice(0).map((server) => server.close()),
      ...spawned.splice(0).map((server) => server.stop()),
    ]);
  });
  return {
    async start(options = {}) {
      const server = await createMockServer(options);
      started.push(server);
      return server;
    },
    async spawn(flags) {
      const server = await spawnMockServer(flags);
      spawned.push(server);
      return server;
    },
  };
}
