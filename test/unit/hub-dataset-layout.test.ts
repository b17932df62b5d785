import { describe, expect, it } from 'vitest';
import { groupParquetFiles, placeParquetFile } from '../../src/data/hub-layout.js';
import { parseHubDataSpec } from '../../src/data/hub-spec.js';

describe('where a Parquet file sits in a Hub dataset', () => {
  it('reads the layouts of push_to_hub, the datasets library and the Parquet conversion', () => {
    expect(placeParquetFile('main/test-00000-of-00001.parquet')).toEqual({
      config: 'main',
      split: 'test',
    });
    expect(placeParquetFile('data/train-00000-of-00003-1a2b.parquet')).toEqual({
      config: 'default',
      split: 'train',
    });
    expect(placeParquetFile('validation.parquet')).toEqual({
      config: 'default',
      split: 'validation',
    });
    expect(placeParquetFile('test_prefs-00001-of-00002.parquet')).toEqual({
      config: 'default',
      split: 'test_prefs',
    });
    expect(placeParquetFile('default/train/0000.parquet')).toEqual({
      config: 'default',
      split: 'train',
    });
    expect(placeParquetFile('en/partial-train/0003.parquet')).toEqual({
      config: 'en',
      split: 'train',
    });
    expect(placeParquetFile('train/0000.parquet')).toEqual({ config: 'default', split: 'train' });
    expect(placeParquetFile('README.md')).toBeUndefined();
    expect(placeParquetFile('0000.parquet')).toBeUndefined();
  });

  it('groups by config and split, files in order', () => {
    const layout = groupParquetFiles([
      'main/train-00001-of-00002.parquet',
      'main/train-00000-of-00002.parquet',
      'main/test-00000-of-00001.parquet',
      'socratic/test-00000-of-00001.parquet',
      '.gitattributes',
    ]);
    expect([...layout.keys()]).toEqual(['main', 'socratic']);
    expect(layout.get('main')!.get('train')).toEqual([
      'main/train-00000-of-00002.parquet',
      'main/train-00001-of-00002.parquet',
    ]);
  });
});

describe('Hub data specs', () => {
  it('accepts the object form and refuses what is not a dataset id', () => {
    expect(parseHubDataSpec({ type: 'hub', dataset: 'openai/gsm8k', split: 'test' })).toEqual({
      type: 'hub',
      dataset: 'openai/gsm8k',
      split: 'test',
    });
    expect(() => parseHubDataSpec({ type: 'hub', dataset: 'a--b/c' })).toThrow(
      'data.dataset: expected a Hugging Face dataset id like org/name, received "a--b/c"',
    );
    expect(() => parseHubDataSpec({ type: 'hub', dataset: 'org/x', shard: 1 })).toThrow(/^data: /);
    expect(() => parseHubDataSpec('org/x,split=')).toThrow(/data/);
  });
});
