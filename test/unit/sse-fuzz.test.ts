import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { createChunkParser, type ChunkOutcome } from '../../src/protocols/openai/chunk-parser.js';
import { createSseDecoder } from '../../src/protocols/openai/sse-decoder.js';
import type { BackendStreamPart } from '../../src/spec/backend.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'transcripts');

interface Decoded {
  parts: BackendStreamPart[];
  outcomes: ChunkOutcome[];
}

/**
 * Decodes `pieces` the way the backend does: each event's data through one stream's chunk
 * parser, stopping at `[DONE]` or the first error, and flushing at the end.
 */
function decode(pieces: readonly Uint8Array[]): Decoded {
  const parts: BackendStreamPart[] = [];
  const outcomes: ChunkOutcome[] = [];
  const parser = createChunkParser();
  let stopped = false;
  const decoder = createSseDecoder((data) => {
    if (stopped) return;
    const outcome = parser.parse(data, (part) => parts.push(part));
    outcomes.push(outcome);
    if (outcome !== 'continue') stopped = true;
  });
  for (const piece of pieces) decoder.push(piece);
  decoder.flush();
  return { parts, outcomes };
}

/** Cuts `bytes` at `count` random offsets (duplicates allowed: empty pieces are legal reads). */
function split(bytes: Uint8Array, random: () => number, count: number): Uint8Array[] {
  const cuts = Array.from({ length: count }, () => Math.floor(random() * (bytes.length + 1))).sort(
    (a, b) => a - b,
  );
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(bytes.subarray(from, cut));
    from = cut;
  }
  return pieces;
}

interface Fixture {
  frames: { data?: string; base64?: string }[];
}

const TRANSCRIPTS = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .map((file) => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Fixture;
    const bytes = Buffer.concat(
      fixture.frames.map((frame) =>
        frame.data !== undefined
          ? Buffer.from(frame.data, 'utf8')
          : Buffer.from(frame.base64 ?? '', 'base64'),
      ),
    );
    return [file, new Uint8Array(bytes)] as const;
  });

describe('SSE decoder and chunk parser under fuzzing', () => {
  it('never throw on seeded random bytes, and report garbage only as INVALID_RESPONSE', () => {
    const random = seedrandom('inferbench:sse-fuzz');
    const alphabet = Buffer.from('data: {}[]",:\r\n\\u00e9 DONE event error choices delta content');
    let errors = 0;
    for (let round = 0; round < 400; round++) {
      const length = Math.floor(random() * 600);
      const bytes = new Uint8Array(length);
      for (let i = 0; i < length; i++) {
        // Half raw bytes (invalid UTF-8 included), half bytes that look like SSE and JSON.
        bytes[i] =
          random() < 0.5
            ? Math.floor(random() * 256)
            : alphabet[Math.floor(random() * alphabet.length)]!;
      }
      // Most rounds wrap the noise in data lines, so that it reaches the chunk parser too.
      const wrapped =
        random() < 0.25
          ? bytes
          : Buffer.concat([
              Buffer.from(random() < 0.5 ? 'data: ' : 'data:'),
              bytes,
              Buffer.from('\n\n'),
            ]);
      let result: Decoded | undefined;
      expect(() => {
        result = decode(split(wrapped, random, Math.floor(random() * 8)));
      }).not.toThrow();
      for (const part of result!.parts) {
        expect(['text', 'reasoning', 'tool-call', 'usage', 'error']).toContain(part.type);
        if (part.type === 'error') {
          errors++;
          expect(['INVALID_RESPONSE', 'STREAM_ERROR']).toContain(part.code);
          expect(part.message.length).toBeLessThanOrEqual(300);
        }
      }
      // At most one error, and it ends the stream.
      const firstError = result!.parts.findIndex((part) => part.type === 'error');
      if (firstError !== -1) expect(firstError).toBe(result!.parts.length - 1);
    }
    // The generator does produce payloads that reach the error path.
    expect(errors).toBeGreaterThan(10);
  });

  it('never throw on random data lines holding mutated real chunks', () => {
    const random = seedrandom('inferbench:chunk-mutations');
    for (const [, bytes] of TRANSCRIPTS) {
      const text = Buffer.from(bytes).toString('utf8');
      for (let round = 0; round < 40; round++) {
        const chars = [...text];
        for (let edits = 0; edits < 1 + Math.floor(random() * 5); edits++) {
          const at = Math.floor(random() * chars.length);
          chars.splice(
            at,
            Math.floor(random() * 3),
            String.fromCharCode(Math.floor(random() * 128)),
          );
        }
        expect(() => decode([Buffer.from(chars.join(''), 'utf8')])).not.toThrow();
      }
    }
  });

  it.each(TRANSCRIPTS)('any re-split of %s yields exactly the same parts', (_file, bytes) => {
    const whole = decode([bytes]);
    expect(whole.parts.length).toBeGreaterThan(0);
    expect(whole.parts.some((part) => part.type === 'error')).toBe(false);
    const random = seedrandom(`inferbench:resplit:${_file}`);
    for (let round = 0; round < 150; round++) {
      const pieces = split(bytes, random, 1 + Math.floor(random() * 40));
      expect(decode(pieces)).toEqual(whole);
    }
    // One byte per read: the worst case for a split character or line ending.
    expect(decode(Array.from(bytes, (byte) => Uint8Array.of(byte)))).toEqual(whole);
  });
});
