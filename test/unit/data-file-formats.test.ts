import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferbenchError } from '../../src/errors.js';
import { createDataDir, readAll, rejection, type DataDir } from '../helpers/data-files.js';

let dir: DataDir;
beforeAll(async () => {
  dir = await createDataDir();
});
afterAll(async () => {
  await dir.cleanup();
});

const ROWS = [
  { prompt: 'What is the capital of France?', output_tokens_count: 12 },
  { prompt: 'Write a haiku, about "rain".\nTwo lines.', output_tokens_count: 30 },
  { prompt: 'Summarise: ünïcödé ✓ text', output_tokens_count: 7 },
];
const EXPECTED = ROWS.map((row) => ({ prompt: row.prompt, outputTokens: row.output_tokens_count }));
const JSONL = ROWS.map((row) => JSON.stringify(row)).join('\n') + '\n';

/** RFC 4180 CSV with quotes and embedded newlines, as spreadsheets and pandas write it. */
function csv(delimiter: string): string {
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const lines = [`prompt${delimiter}output_tokens_count`];
  for (const row of ROWS) lines.push(`${quote(row.prompt)}${delimiter}${row.output_tokens_count}`);
  return lines.join('\r\n') + '\r\n';
}

describe('file data: every format, plain and gzip', () => {
  const cases: Array<[string, string]> = [
    ['prompts.jsonl', JSONL],
    ['prompts.ndjson', JSONL],
    ['prompts.json', JSON.stringify(ROWS, null, 2)],
    ['wrapped.json', JSON.stringify({ version: '1.0', meta: { source: 'test' }, data: ROWS })],
    ['lines-named.json', JSONL],
    ['prompts.csv', csv(',')],
    ['prompts.tsv', csv('\t')],
  ];
  for (const [name, content] of cases) {
    for (const gzip of [false, true]) {
      const file = gzip ? `${name}.gz` : name;
      it(`reads ${file}`, async () => {
        const path = await dir.write(file, content, { gzip });
        const { samples, source } = await readAll({ path });
        expect(samples).toEqual(EXPECTED);
        expect(source.stats().skippedRows).toBe(0);
      });
    }
  }

  it('reads a text file as one prompt per line, blank lines and CRLF dropped', async () => {
    const path = await dir.write(
      'prompts.txt',
      '\uFEFFfirst prompt\r\n\r\n  second prompt  \nthird\n',
    );
    const { samples, source } = await readAll({ path });
    expect(samples).toEqual([
      { prompt: 'first prompt' },
      { prompt: '  second prompt  ' },
      { prompt: 'third' },
    ]);
    expect(source.mapping).toEqual({ text: 'text' });
  });

  it('detects gzip by its magic bytes, whatever the name says', async () => {
    const path = await dir.write('not-really-plain.jsonl', JSONL, { gzip: true });
    expect((await readAll({ path })).samples).toEqual(EXPECTED);
  });

  it('reads a format given explicitly for a name that says none', async () => {
    const path = await dir.write('prompts.data', csv(','));
    expect((await readAll({ path, format: 'csv' })).samples).toEqual(EXPECTED);
  });

  it('reads CSV with another delimiter', async () => {
    const path = await dir.write('semicolon.csv', csv(';'));
    expect((await readAll({ path, delimiter: ';' })).samples).toEqual(EXPECTED);
  });

  it('reads the array a JSON object holds under "field", ignoring other arrays', async () => {
    const path = await dir.write(
      'two-arrays.json',
      JSON.stringify({ train: [{ prompt: 'not this' }], test: ROWS }),
    );
    expect((await readAll({ path, field: 'test' })).samples).toEqual(EXPECTED);
    // Without field, the first array of rows is used.
    expect((await readAll({ path })).samples).toEqual([{ prompt: 'not this' }]);
  });

  it('reads a JSON array of strings as prompts', async () => {
    const path = await dir.write('strings.json', JSON.stringify(['one', 'two']));
    expect((await readAll({ path })).samples).toEqual([{ prompt: 'one' }, { prompt: 'two' }]);
  });

  it('reads the file afresh on every pass', async () => {
    const path = await dir.write('passes.jsonl', JSONL);
    const { source } = await readAll({ path });
    const again = [];
    for await (const sample of source.samples()) again.push(sample);
    expect(again).toEqual(EXPECTED);
  });
});

describe('file data: bad rows and bad files', () => {
  it('skips and counts rows it cannot read or send, keeping the reasons', async () => {
    const path = await dir.write(
      'mixed.jsonl',
      [
        JSON.stringify(ROWS[0]),
        '{"prompt": "truncated',
        '[1, 2]',
        JSON.stringify({ prompt: '   ' }),
        JSON.stringify({ prompt: 'x', output_tokens_count: 'many' }),
        JSON.stringify(ROWS[1]),
      ].join('\n'),
    );
    const { samples, source } = await readAll({ path });
    expect(samples).toEqual(EXPECTED.slice(0, 2));
    const stats = source.stats();
    expect(stats.samples).toBe(2);
    expect(stats.skippedRows).toBe(4);
    expect(stats.skipReasons[0]).toMatch(/^line 2 is not valid JSON/);
    expect(stats.skipReasons[1]).toMatch(/^line 3: expected a JSON object, received an array of 2/);
    expect(stats.skipReasons[2]).toMatch(/^row 4: no prompt/);
    expect(stats.skipReasons[3]).toMatch(
      /^row 5: column "output_tokens_count": expected an integer >= 1, received "many"/,
    );
  });

  it('skips CSV records with the wrong number of fields', async () => {
    const path = await dir.write('ragged.csv', 'prompt,output_tokens_count\na,1\nb,2,extra\nc,3\n');
    const { samples, source } = await readAll({ path });
    expect(samples.map((sample) => sample.prompt)).toEqual(['a', 'c']);
    expect(source.stats().skipReasons[0]).toMatch(/^line 3: /);
  });

  it('fails in prepare for a missing file, a folder, an empty file, malformed JSON', async () => {
    const missing = await rejection(readAll({ path: dir.path('nope.jsonl') }));
    expect(missing).toBeInstanceOf(InferbenchError);
    expect((missing as InferbenchError).code).toBe('ERR_DATA');
    expect(missing.message).toBe(
      `data: cannot read ${JSON.stringify(dir.path('nope.jsonl'))} (no such file)`,
    );

    await mkdir(dir.path('folder.jsonl'));
    expect((await rejection(readAll({ path: dir.path('folder.jsonl') }))).message).toMatch(
      /folder\.jsonl" \(a folder, not a file\)$/,
    );
    const empty = await dir.write('empty.jsonl', '\n\n');
    expect((await rejection(readAll({ path: empty }))).message).toMatch(
      /^data: expected rows with a prompt in .*empty\.jsonl", received no rows$/,
    );

    const broken = await dir.write('broken.json', '[{"prompt": "a"}, {"prompt": ');
    const error = await rejection(readAll({ path: broken }));
    expect((error as InferbenchError).code).toBe('ERR_DATA');
    expect(error.message).toMatch(/broken\.json": not valid JSON/);

    const scalar = await dir.write('scalar.json', '42');
    expect((await rejection(readAll({ path: scalar }))).message).toMatch(
      /expected .*scalar\.json" to hold a JSON array or an object holding one, received text starting with "42"/,
    );
  });

  it('fails in prepare when no row in the first 1000 has a prompt', async () => {
    const path = await dir.write('no-prompts.jsonl', '{"prompt": ""}\n{"prompt": null}\n');
    const error = await rejection(readAll({ path }));
    expect(error.message).toMatch(
      /received none usable in the first 1000 \(first problem: row 1: no prompt/,
    );
  });

  it('rejects an unknown extension without a format, and unknown data args', async () => {
    const { createFileDataSource } = await import('../../src/data/file-source.js');
    expect(() => createFileDataSource({ type: 'file', path: 'prompts.xlsx' })).toThrow(
      /^data: expected a data file ending in \.jsonl, .*received "prompts\.xlsx"$/,
    );
  });
});
