/**
 * The `inferbench/mock-server` entry: an OpenAI-compatible inference server on a real socket,
 * with seeded pacing, for tests, demos and CI.
 *
 * @packageDocumentation
 */
export { createMockServer, type MockServer } from './server.js';
export { MOCK_SERVER_DEFAULTS, type MockServerOptions } from './options.js';
export type { MockServerStats } from './stats.js';
export { parseMockServerFlags } from './cli-options.js';
