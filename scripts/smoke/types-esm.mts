// The ESM side of node16 resolution (the `import` condition and its .d.ts files).
import { runBenchmark, type BenchmarkReport } from 'inferbench';
import { createMockServer } from 'inferbench/mock-server';
import { createRecordingProgress } from 'inferbench/testing';

const server = await createMockServer();
const report: BenchmarkReport = await runBenchmark({
  target: server.url,
  maxRequests: 1,
  progress: [createRecordingProgress()],
});
await server.close();
export const status: 'completed' | 'aborted' | 'failed' = report.status;
