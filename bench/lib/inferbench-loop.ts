import { runBenchmark } from '../../src/run-benchmark.js';
import type { Benchmark } from '../../src/report/benchmark-schema.js';
import type { BenchmarkArgs } from '../../src/args/schema.js';

/** One inferbench benchmark, with the client CPU it used while requests were in flight. */
export interface InferbenchRun {
  benchmark: Benchmark;
  /**
   * Client CPU (user + system, µs) from the benchmark's start to its last snapshot, which the
   * scheduler publishes once every request has settled: the report's assembly is not in it.
   */
  cpuMicros: number;
}

/** Runs `args` (one benchmark) and measures the client's CPU over it. */
export async function runInferbench(args: BenchmarkArgs): Promise<InferbenchRun> {
  let cpuStart = process.cpuUsage();
  let cpu = { user: 0, system: 0 };
  const report = await runBenchmark({
    ...args,
    progress: {
      onBenchmarkStart: () => {
        cpuStart = process.cpuUsage();
      },
      onSnapshot: () => {
        cpu = process.cpuUsage(cpuStart);
      },
    },
  });
  const benchmark = report.benchmarks[0];
  if (benchmark === undefined) throw new Error('the run produced no benchmark');
  return { benchmark, cpuMicros: cpu.user + cpu.system };
}
