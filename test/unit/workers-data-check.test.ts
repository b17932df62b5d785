import { describe, expect, it } from 'vitest';
import { checkWorkersTakeData } from '../../src/args/workers-data-check.js';
import { createSyntheticDataSource } from '../../src/data/synthetic.js';
import { InferbenchError } from '../../src/errors.js';
import { runBenchmark } from '../../src/run-benchmark.js';

describe('workers and conversations', () => {
  it('refuses synthetic conversations with more than one worker, naming workers', () => {
    const data = createSyntheticDataSource({ type: 'synthetic', promptTokens: 8, turns: 3 });
    expect(() => checkWorkersTakeData(2, data)).toThrow(InferbenchError);
    expect(() => checkWorkersTakeData(2, data)).toThrow(
      'workers: conversations (data with turns=3) are sent from the main thread only, expected workers: 1, received workers: 2',
    );
    // One worker (the main thread) takes them, and more workers take single requests.
    expect(() => checkWorkersTakeData(1, data)).not.toThrow();
    const single = createSyntheticDataSource({ type: 'synthetic', promptTokens: 8 });
    expect(() => checkWorkersTakeData(4, single)).not.toThrow();
  });

  it('fails a run before any benchmark', async () => {
    const error = await runBenchmark({
      target: 'mock',
      data: 'prompt_tokens=8,output_tokens=4,turns=2',
      profile: 'synchronous',
      maxRequests: 4,
      workers: 2,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARGS', field: 'workers' });
  });
});
