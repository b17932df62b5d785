// Per-chunk parsing cost: the fast path against a full JSON.parse of every chunk, measured in
// one run so the printed ratio is what matters, not the machine's absolute speed.
// Run: npx tsx bench/chunk-parse.ts
import { createChunkParser, parseChunk } from '../src/protocols/openai/chunk-parser.js';
import { createSseDecoder } from '../src/protocols/openai/sse-decoder.js';

const CHUNKS = 200_000;
const words = ['the', ' model', ' answered', ' "quoted"', ' caf\u00e9', ' line\n', ' 42'];
const payloads = Array.from(
  { length: CHUNKS },
  (_, i) =>
    `{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1730000000,"model":"m","choices":[{"index":0,"delta":{"content":${JSON.stringify(words[i % words.length])}},"logprobs":null,"finish_reason":null}]}`,
);

function time(label: string, run: () => number): number {
  run(); // warm up the JIT
  const start = performance.now();
  const checksum = run();
  const ns = ((performance.now() - start) * 1e6) / CHUNKS;
  console.log(`${label.padEnd(34)} ${ns.toFixed(0).padStart(6)} ns/chunk (checksum ${checksum})`);
  return ns;
}

const full = time('JSON.parse every chunk', () => {
  let length = 0;
  for (const payload of payloads)
    parseChunk(payload, (part) => (length += part.type === 'text' ? part.text.length : 0));
  return length;
});
const fast = time('chunk parser with fast path', () => {
  const parser = createChunkParser();
  let length = 0;
  for (const payload of payloads)
    parser.parse(payload, (part) => (length += part.type === 'text' ? part.text.length : 0));
  return length;
});
const wire = new TextEncoder().encode(payloads.map((payload) => `data: ${payload}\n\n`).join(''));
const split = time('SSE decoding (64 KiB reads)', () => {
  let events = 0;
  const decoder = createSseDecoder(() => events++);
  for (let offset = 0; offset < wire.length; offset += 65_536)
    decoder.push(wire.subarray(offset, offset + 65_536));
  decoder.flush();
  return events;
});
console.log(
  `fast path is ${(full / fast).toFixed(1)}x cheaper than a full parse; SSE splitting adds ${(split / fast).toFixed(2)}x the fast path's cost`,
);
