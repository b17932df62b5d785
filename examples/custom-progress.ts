// Subscribes to a run's events, as a UI would, and aborts the run after the first second.
// The aborted run still resolves with a partial report. Run: npx tsx examples/custom-progress.ts
import { runBenchmark, type Progress } from 'inferbench';

const controller = new AbortController();
let snapshots = 0;
const progress: Progress = {
  onBenchmarkStart: (event) => console.log(`started ${event.strategy.type}`),
  onSnapshot: (event) => {
    snapshots++;
    console.log(
      `${(event.elapsedMs / 1000).toFixed(1)} s: ${event.successful} done, ${event.inFlight} in flight`,
    );
  },
};
setTimeout(() => controller.abort(), 1000);

const report = await runBenchmark({
  target: 'mock',
  data: 'prompt_tokens=32,output_tokens=16',
  profile: 'concurrent',
  rate: 4,
  maxSeconds: 30,
  progress: [progress],
  signal: controller.signal,
});
console.log(
  `status: ${report.status}, ${report.benchmarks[0]?.requestCounts.total ?? 0} requests, ${snapshots} snapshots`,
);
if (report.status !== 'aborted') process.exit(1);
