// An autotuner's loop: for each candidate server configuration, measure the highest request rate
// at which the SLO still holds (profile `capacity`), then keep the best. The two "configurations"
// are two mock servers whose engine simulators differ in batch size (vLLM's max_num_seqs); swap
// in real deployments by changing `start`.
// Run: npx tsx examples/autotuner-compare-configs.ts
import { runBenchmark } from 'inferbench';
import { createMockServer, type SimulatorOptions } from 'inferbench/mock-server';

interface Candidate {
  name: string;
  simulate: SimulatorOptions;
}

// Each request holds a batch slot for about 3 ms of prefill plus 15 decode steps of 10 ms, so
// batch 2 serves about 13 req/s and batch 8 about 50 req/s before requests start to queue.
const candidates: Candidate[] = [
  {
    name: 'max_num_seqs=2',
    simulate: { maxBatch: 2, decodeStepMs: 10, decodeStepMsPerSequence: 0 },
  },
  {
    name: 'max_num_seqs=8',
    simulate: { maxBatch: 8, decodeStepMs: 10, decodeStepMsPerSequence: 0 },
  },
];
const slo = 'ttft_ms.p99<=120';

const results: Array<{ name: string; capacity: number; bracket: [number, number] }> = [];
for (const candidate of candidates) {
  const server = await createMockServer({ simulate: candidate.simulate });
  try {
    const report = await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=32,output_tokens=16',
      profile: 'capacity',
      slo,
      capacity: { minRate: 2, maxRate: 100, maxSteps: 6, precision: 0.25 },
      maxSeconds: 1,
    });
    const capacity = report.capacity;
    if (capacity === undefined) throw new Error('a capacity run reports report.capacity');
    results.push({
      name: candidate.name,
      capacity: capacity.maxRatePerSecond,
      bracket: capacity.bracket,
    });
    console.log(
      `${candidate.name}: ${capacity.maxRatePerSecond.toFixed(1)} req/s meets ${slo} ` +
        `(bracket ${capacity.bracket.map((rate) => rate.toFixed(1)).join('–')}, ${capacity.steps.length} steps)`,
    );
  } finally {
    await server.close();
  }
}

const best = results.reduce((a, b) => (b.capacity > a.capacity ? b : a));
console.log(`best configuration: ${best.name}`);
// The larger batch must win by a clear margin; anything else means the measurement is broken.
if (best.name !== 'max_num_seqs=8' || best.capacity < 2 * results[0]!.capacity) process.exit(1);
