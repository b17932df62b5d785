// npm run bench: every figure of docs/performance.md from one run (see that file for the method).
// Flags: --rounds N (A B rounds per shape, default 3), --efficiency-rounds N (default 5: the
// no-delay comparison moves most from round to round), --rss-minutes M (default 10),
// --only efficiency,ttft,dispatch,memory,rss,prompts,workers (default all), --workers-seconds S and
// --workers-from R (the worker-thread ladder's step length and first rate).
import { parseArgs } from 'node:util';
import { measureDispatch } from './sections/dispatch.js';
import { measureEfficiency } from './sections/efficiency.js';
import { measureMemory } from './sections/memory.js';
import { measurePrompts } from './sections/prompts.js';
import { measureRss } from './sections/rss.js';
import { measureWorkers } from './sections/workers.js';
import { NO_DELAY, startMockProcess } from './lib/mock-process.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'efficiency-rounds': { type: 'string', default: '5' },
    'rss-minutes': { type: 'string', default: '10' },
    'dispatch-seconds': { type: 'string', default: '10' },
    'memory-requests': { type: 'string', default: '1000000' },
    'workers-seconds': { type: 'string', default: '5' },
    'workers-from': { type: 'string', default: '500' },
    only: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const efficiencyRounds = Number(values['efficiency-rounds']);
const sections = new Set(
  (values.only ?? 'efficiency,ttft,dispatch,memory,rss,prompts,workers').split(','),
);

const mock = await startMockProcess({ ...NO_DELAY, outputTokens: 128 });
try {
  if (sections.has('efficiency')) {
    await measureEfficiency(mock, [
      { concurrency: 1, requests: 300, rounds: efficiencyRounds },
      { concurrency: 64, requests: 3000, rounds: efficiencyRounds },
      { concurrency: 256, requests: 3000, rounds: efficiencyRounds },
    ]);
  }
  if (sections.has('dispatch')) {
    await measureDispatch(mock, [100, 500, 1000, 2000], Number(values['dispatch-seconds']));
  }
  if (sections.has('prompts'))
    await measurePrompts(mock, 10_000, 1024, 500, Math.max(1, rounds - 1));
  if (sections.has('workers')) {
    await measureWorkers(
      mock,
      Number(values['workers-from']),
      Number(values['workers-seconds']),
      12,
    );
  }
  if (sections.has('memory')) measureMemory(Number(values['memory-requests']));
} finally {
  await mock.stop();
}
if (sections.has('ttft')) {
  // A paced server answers every request in about 20 + 127 ms whatever the load here, so a TTFT
  // difference is the client's own, not the order in which a saturated server served a queue.
  const paced = await startMockProcess({ ttftMs: 20, itlMs: 1, outputTokens: 128 });
  try {
    await measureEfficiency(
      paced,
      [
        // 200 at 1 in flight, so that the p99 is not simply the slowest of a few dozen.
        { concurrency: 1, requests: 200, rounds },
        { concurrency: 16, requests: 600, rounds },
        { concurrency: 64, requests: 2000, rounds },
      ],
      'mock paced at TTFT 20 ms, ITL 1 ms',
    );
  } finally {
    await paced.stop();
  }
}
if (sections.has('rss')) {
  const rssMock = await startMockProcess({ ttftMs: 20, itlMs: 5, outputTokens: 32 });
  try {
    await measureRss(rssMock, Number(values['rss-minutes']), 200, 32);
  } finally {
    await rssMock.stop();
  }
}
