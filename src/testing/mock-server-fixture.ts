import { InferbenchError } from '../errors.js';
import { createMockServer, type MockServer, type MockServerOptions } from '../mock-server/index.js';

/**
 * A mock server for each test: `start` it in `beforeEach`, read `url` in the test, `close` it in
 * `afterEach`. Works with any test runner (Jest, Vitest, `node:test`, Mocha).
 */
export interface MockServerFixture {
  /** Starts a fresh server on 127.0.0.1 (port 0) and resolves to it; rejects if one runs. */
  start(): Promise<MockServer>;
  /** Base URL of the running server, to pass as `target`; throws when none runs. */
  readonly url: string;
  /** The running server (for its `stats`); throws when none runs. */
  readonly server: MockServer;
  /** Closes the running server; does nothing when none runs, so it is safe in `afterEach`. */
  close(): Promise<void>;
}

/**
 * Creates a {@link MockServerFixture}: one mock server per test, each started with `options`,
 * so no test sees another's counters or load.
 *
 * @example
 * ```ts
 * const mock = createMockServerFixture({ ttftMs: 20, itlMs: 5 });
 * beforeEach(() => mock.start());
 * afterEach(() => mock.close());
 *
 * test('TTFT stays under 200 ms at 5 req/s', async () => {
 *   const report = await runBenchmark({ target: mock.url, profile: 'constant', rate: 5, maxSeconds: 2 });
 *   assertSlo(report, 'ttft_ms.p99<=200');
 * });
 * ```
 */
export function createMockServerFixture(options: MockServerOptions = {}): MockServerFixture {
  let running: MockServer | undefined;
  const current = (): MockServer => {
    if (running === undefined) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        'mock server fixture: expected a running server (call start() first, e.g. in beforeEach), received none',
      );
    }
    return running;
  };
  return {
    async start() {
      if (running !== undefined) {
        throw new InferbenchError(
          'ERR_INVALID_ARGS',
          `mock server fixture: expected no running server (call close() first, e.g. in afterEach), received one at ${running.url}`,
        );
      }
      running = await createMockServer(options);
      return running;
    },
    get url() {
      return current().url;
    },
    get server() {
      return current();
    },
    async close() {
      const server = running;
      running = undefined;
      await server?.close();
    },
  };
}
