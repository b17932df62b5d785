// Stops a run from outside with an AbortSignal, as a UI's Cancel button or a job's deadline
// would. The run resolves (it does not reject) with a partial report marked `aborted`, holding
// every request that finished before the abort.
// Run: npx tsx examples/abort-with-signal.ts
import { runBenchmark, type Progress } from 'inferbench';

let snapshots = 0;
// The Cancel button, pressed 1.5 s into the benchmark (setup, however long it takes, is not cut).
const cancel = new AbortController();
const progress: Progress = {
  onBenchmarkStart: (event) => {
    console.log(`started ${event.strategy.type}`);
    setTimeout(() => cancel.abort(), 1500);
  },
  onSnapshot: (event) => {
    snapshots++;
    console.log(
      `${(event.elapsedMs / 1000).toFixed(1)} s: ${event.successful} done, ${event.inFlight} in flight`,
    );
  },
};

const report = await runBenchmark({
  target: 'mock',
  data: 'prompt_tokens=32,output_tokens=16',
  profile: 'concurrent',
  rate: 4,
  maxSeconds: 60, // the signal ends the run long before this
  progress: [progress],
  signal: cancel.signal,
});

const requests = report.benchmarks[0]?.requestCounts;
console.log(
  `status: ${report.status} (${report.stopReason}); ${requests?.successful ?? 0} successful, ` +
    `${requests?.incomplete ?? 0} cut short; ${snapshots} snapshots`,
);
if (report.status !== 'aborted' || (requests?.successful ?? 0) === 0) process.exit(1);
