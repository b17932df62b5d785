import { describe, expect, it } from 'vitest';
import { parseDataString } from '../../src/data/data-string.js';
import { parseScenario } from '../../src/data/scenario.js';
import { createSyntheticDataSource } from '../../src/data/synthetic.js';
import type { SyntheticDataSpec } from '../../src/data/synthetic-spec.js';
import { InferbenchError } from '../../src/errors.js';
import type { RequestSample } from '../../src/spec/data-source.js';

async function draw(spec: SyntheticDataSpec, count: number): Promise<RequestSample[]> {
  const source = createSyntheticDataSource({ ...spec, samples: 1 });
  await source.prepare({ seed: 'scenario' });
  const iterator = source.samples();
  return Array.from({ length: count }, () => iterator.next().value as RequestSample);
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function stdDev(values: number[]): number {
  const m = mean(values);
  return Math.sqrt(mean(values.map((value) => (value - m) ** 2)));
}

describe('genai-bench scenarios', () => {
  it('D(in,out): fixed prompt and output tokens', () => {
    expect(parseScenario('D(100,100)')).toEqual({
      type: 'synthetic',
      promptTokens: 100,
      outputTokens: 100,
    });
    expect(parseScenario(' D( 2048 , 128 ) ')).toEqual({
      type: 'synthetic',
      promptTokens: 2048,
      outputTokens: 128,
    });
  });

  it('N(inMean,inStdev)/(outMean,outStdev): the first pair is the prompt, the second the output', () => {
    expect(parseScenario('N(480,240)/(300,150)')).toEqual({
      type: 'synthetic',
      promptTokens: 480,
      promptTokensStdev: 240,
      promptTokensMin: 1,
      outputTokens: 300,
      outputTokensStdev: 150,
      outputTokensMin: 2,
    });
    expect(parseScenario('N(100,0)/(50,0)')).toEqual({
      type: 'synthetic',
      promptTokens: 100,
      outputTokens: 50,
    });
  });

  it('U(inMin,inMax)/(outMin,outMax) and U(inMax,outMax): uniform ranges', () => {
    expect(parseScenario('U(50,100)/(50,150)')).toEqual({
      type: 'synthetic',
      promptTokens: 75,
      promptTokensMin: 50,
      promptTokensMax: 100,
      outputTokens: 100,
      outputTokensMin: 50,
      outputTokensMax: 150,
    });
    expect(parseScenario('U(100,200)')).toEqual({
      type: 'synthetic',
      promptTokens: 51,
      promptTokensMin: 1,
      promptTokensMax: 100,
      outputTokens: 101,
      outputTokensMin: 2,
      outputTokensMax: 200,
    });
  });

  it('draws N lengths with the scenario means and deviations, prompts >= 1 and outputs >= 2', async () => {
    const samples = await draw(parseScenario('N(480,120)/(300,60)'), 3000);
    const prompts = samples.map((sample) => sample.promptTokens!);
    const outputs = samples.map((sample) => sample.outputTokens!);
    expect(mean(prompts)).toBeGreaterThan(480 - 10);
    expect(mean(prompts)).toBeLessThan(480 + 10);
    expect(stdDev(prompts)).toBeGreaterThan(110);
    expect(stdDev(prompts)).toBeLessThan(130);
    expect(mean(outputs)).toBeGreaterThan(300 - 5);
    expect(mean(outputs)).toBeLessThan(300 + 5);
    expect(stdDev(outputs)).toBeGreaterThan(55);
    expect(stdDev(outputs)).toBeLessThan(65);
    const wide = await draw(parseScenario('N(20,40)/(3,10)'), 2000);
    expect(Math.min(...wide.map((sample) => sample.promptTokens!))).toBe(1);
    expect(Math.min(...wide.map((sample) => sample.outputTokens!))).toBe(2);
  });

  it('draws U lengths over the whole of each range and nothing outside', async () => {
    const samples = await draw(parseScenario('U(50,60)/(5,8)'), 2000);
    const prompts = new Set(samples.map((sample) => sample.promptTokens!));
    const outputs = new Set(samples.map((sample) => sample.outputTokens!));
    expect([...prompts].sort((a, b) => a - b)).toEqual([
      50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
    ]);
    expect([...outputs].sort((a, b) => a - b)).toEqual([5, 6, 7, 8]);
  });

  it.each([
    ['D(100)', 'D(prompt_tokens,output_tokens)'],
    ['D(0,10)', 'D(prompt_tokens,output_tokens)'],
    ['N(480,240)', 'N(prompt_mean,prompt_stdev)/(output_mean,output_stdev)'],
    ['N(480,240)/(1,0)', 'output_mean'],
    ['U(100,50)/(5,8)', 'U(prompt_min,prompt_max)/(output_min,output_max)'],
    ['U(1,2,3)', 'U(prompt_min'],
    ['D(1.5,2)', 'D(prompt_tokens'],
  ])('rejects %s naming the expected form', (text, expected) => {
    let error: unknown;
    try {
      parseScenario(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InferbenchError);
    expect((error as InferbenchError).code).toBe('ERR_INVALID_ARGS');
    expect((error as Error).message).toContain(expected);
    expect((error as Error).message).toContain(`received ${JSON.stringify(text)}`);
  });
});

describe('data strings', () => {
  it('routes scenarios, with prefix options after them', () => {
    expect(parseDataString('D(100,100),prefix_tokens=64,prefix_count=8')).toEqual({
      type: 'synthetic',
      promptTokens: 100,
      outputTokens: 100,
      prefixTokens: 64,
      prefixCount: 8,
    });
    expect(() => parseDataString('D(100,100),prompt_tokens=5')).toThrow(
      'data: after a scenario, expected only prefix_tokens, prefix_count, samples or turns, received "prompt_tokens=5"',
    );
  });

  it('routes GuideLLM shorthand and file kinds', () => {
    expect(parseDataString('prompt_tokens=8,output_tokens=4')).toEqual({
      type: 'synthetic',
      promptTokens: 8,
      outputTokens: 4,
    });
    expect(parseDataString('kind=json_file,path=rows.json,field=data')).toEqual({
      type: 'file',
      path: 'rows.json',
      field: 'data',
    });
    expect(
      parseDataString(
        '{"kind":"csv_file","path":"t.tsv","load_kwargs":{"split":"train"},"text_column":"q"}',
      ),
    ).toEqual({ type: 'file', path: 't.tsv', columnMapper: { text_column: 'q' } });
    expect(parseDataString('kind=text_file,path=prompts.md')).toEqual({
      type: 'file',
      path: 'prompts.md',
      format: 'txt',
    });
  });

  it('tells a missing file from a Hugging Face dataset id', () => {
    expect(() => parseDataString('missing/prompts.jsonl')).toThrow(
      'data: expected a synthetic spec such as "prompt_tokens=256,output_tokens=128", a scenario such as "D(100,100)", a data file or a Hugging Face dataset id such as "openai/gsm8k", received "missing/prompts.jsonl" (no such file)',
    );
    expect(parseDataString('openai/gsm8k,split=test,config=main')).toEqual({
      type: 'hub',
      dataset: 'openai/gsm8k',
      split: 'test',
      config: 'main',
    });
    expect(parseDataString('hf://datasets/openai/gsm8k@abc,name=main')).toEqual({
      type: 'hub',
      dataset: 'openai/gsm8k',
      revision: 'abc',
      config: 'main',
    });
    expect(() => parseDataString('./not/here')).toThrow(/not a Hugging Face dataset id/);
    expect(() => parseDataString('openai/gsm8k,splitt=test')).toThrow(
      'data: unknown data arg "splitt" for a Hugging Face dataset (expected split, config, name, revision or a *_column key)',
    );
    expect(() => parseDataString('kind=hdf5_file,path=x.h5')).toThrow(
      'data.kind: expected one of json_file, csv_file, text_file, parquet_file, received "hdf5_file"',
    );
  });
});
