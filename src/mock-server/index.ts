/**
 * The `inferbench/mock-server` entry: an OpenAI-compatible inference server on a real socket,
 * with seeded pacing, for tests, demos and CI.
 *
 * @packageDocumentation
 */
export { checkMockServerOptions, createMockServer, type MockServer } from './server.js';
export { MOCK_SERVER_DEFAULTS, type MockServerOptions } from './options.js';
export type { MockServerStats } from './stats.js';
export { FAULT_TYPES, parseFaultFlag, type FaultSpec, type FaultType } from './faults.js';
export { loadTranscript, type Transcript, type TranscriptFrame } from './transcript.js';
export {
  SIMULATOR_DEFAULTS,
  type ResolvedSimulatorOptions,
  type SimulatorOptions,
} from './simulator-options.js';
export type { SimulatorStats } from './simulator.js';
