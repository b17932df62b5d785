import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveHubSettings, resolveHubToken } from '../../src/hub/settings.js';
import { isRepoId, parseRepoSpec, repoFolderName, resolveUrl } from '../../src/hub/repo.js';
import { normalizeEtag } from '../../src/hub/metadata.js';

describe('Hub settings from the environment (huggingface_hub names and precedence)', () => {
  it('defaults to the public Hub and ~/.cache/huggingface/hub', () => {
    const settings = resolveHubSettings({ HOME: '/home/u' });
    expect(settings.endpoint).toBe('https://huggingface.co');
    expect(settings.cacheDir).toBe('/home/u/.cache/huggingface/hub');
    expect(settings.offline).toBe(false);
    expect(settings.token).toBeUndefined();
    expect(settings.metadataTimeoutMs).toBe(10_000);
    expect(settings.downloadTimeoutMs).toBe(10_000);
  });

  it('takes HF_HUB_CACHE over HUGGINGFACE_HUB_CACHE over HF_HOME/hub over XDG_CACHE_HOME', () => {
    expect(resolveHubSettings({ HOME: '/h', XDG_CACHE_HOME: '/x' }).cacheDir).toBe(
      '/x/huggingface/hub',
    );
    expect(resolveHubSettings({ HOME: '/h', XDG_CACHE_HOME: '/x', HF_HOME: '/hf' }).cacheDir).toBe(
      '/hf/hub',
    );
    expect(resolveHubSettings({ HF_HOME: '/hf', HUGGINGFACE_HUB_CACHE: '/legacy' }).cacheDir).toBe(
      '/legacy',
    );
    expect(
      resolveHubSettings({ HF_HOME: '/hf', HUGGINGFACE_HUB_CACHE: '/legacy', HF_HUB_CACHE: '/new' })
        .cacheDir,
    ).toBe('/new');
    expect(resolveHubSettings({ HOME: '/h', HF_HOME: '~/hfhome' }).cacheDir).toBe('/h/hfhome/hub');
  });

  it('strips the trailing slash of HF_ENDPOINT and reads the timeouts in seconds', () => {
    const settings = resolveHubSettings({
      HF_ENDPOINT: 'https://mirror.example/',
      HF_HUB_ETAG_TIMEOUT: '3',
      HF_HUB_DOWNLOAD_TIMEOUT: '60',
    });
    expect(settings.endpoint).toBe('https://mirror.example');
    expect(settings.metadataTimeoutMs).toBe(3000);
    expect(settings.downloadTimeoutMs).toBe(60_000);
  });

  it('reads offline mode from HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE, as true-ish strings', () => {
    for (const value of ['1', 'true', 'YES', 'on']) {
      expect(resolveHubSettings({ HF_HUB_OFFLINE: value }).offline).toBe(true);
    }
    for (const value of ['0', 'false', '', 'no']) {
      expect(resolveHubSettings({ HF_HUB_OFFLINE: value }).offline).toBe(false);
    }
    expect(resolveHubSettings({ TRANSFORMERS_OFFLINE: '1' }).offline).toBe(true);
  });

  it('finds the token in HF_TOKEN, then HUGGING_FACE_HUB_TOKEN, then the token file', async () => {
    const home = await mkdtemp(join(tmpdir(), 'hf-home-'));
    await writeFile(join(home, 'token'), '  hf_from_file\n');
    expect(resolveHubToken({ HF_HOME: home })).toBe('hf_from_file');
    expect(resolveHubToken({ HF_HOME: home, HUGGING_FACE_HUB_TOKEN: 'hf_legacy' })).toBe(
      'hf_legacy',
    );
    expect(
      resolveHubToken({ HF_HOME: home, HUGGING_FACE_HUB_TOKEN: 'hf_legacy', HF_TOKEN: 'hf_new' }),
    ).toBe('hf_new');
    const other = join(home, 'elsewhere');
    await writeFile(other, 'hf_path');
    expect(resolveHubToken({ HF_HOME: home, HF_TOKEN_PATH: other })).toBe('hf_path');
    expect(resolveHubToken({ HF_HOME: home, HF_HUB_DISABLE_IMPLICIT_TOKEN: '1' })).toBeUndefined();
    expect(resolveHubToken({ HF_HOME: join(home, 'none') })).toBeUndefined();
  });

  it('takes proxies from either case and keeps NO_PROXY', () => {
    const settings = resolveHubSettings({
      https_proxy: 'http://proxy:3128',
      NO_PROXY: 'localhost,127.0.0.1',
    });
    expect(settings.proxy).toEqual({
      httpsProxy: 'http://proxy:3128',
      noProxy: 'localhost,127.0.0.1',
    });
  });
});

describe('repository ids, URLs and cache folder names', () => {
  it('builds resolve URLs as hf_hub_url does, datasets under /datasets/', () => {
    expect(
      resolveUrl(
        'https://huggingface.co',
        { id: 'Qwen/Qwen3-0.6B', type: 'model', revision: 'main' },
        'tokenizer.json',
      ),
    ).toBe('https://huggingface.co/Qwen/Qwen3-0.6B/resolve/main/tokenizer.json');
    expect(
      resolveUrl(
        'http://h',
        { id: 'org/data', type: 'dataset', revision: 'refs/pr/1' },
        'data/train 0.parquet',
      ),
    ).toBe('http://h/datasets/org/data/resolve/refs%2Fpr%2F1/data/train%200.parquet');
  });

  it('names cache folders models--org--name and datasets--org--name', () => {
    expect(repoFolderName({ id: 'meta-llama/Llama-3.2-1B', type: 'model' })).toBe(
      'models--meta-llama--Llama-3.2-1B',
    );
    expect(repoFolderName({ id: 'org/data', type: 'dataset' })).toBe('datasets--org--data');
  });

  it('accepts org/name and org/name@revision, and rejects paths', () => {
    expect(parseRepoSpec('Qwen/Qwen3-0.6B')).toEqual({
      id: 'Qwen/Qwen3-0.6B',
      revision: undefined,
    });
    expect(parseRepoSpec('Qwen/Qwen3-0.6B@v1.0')).toEqual({
      id: 'Qwen/Qwen3-0.6B',
      revision: 'v1.0',
    });
    expect(parseRepoSpec('gpt2')).toEqual({ id: 'gpt2', revision: undefined });
    expect(parseRepoSpec('./models/x')).toBeUndefined();
    expect(parseRepoSpec('/abs/path')).toBeUndefined();
    expect(parseRepoSpec('a/b/c')).toBeUndefined();
    expect(parseRepoSpec('org/name@')).toBeUndefined();
    expect(isRepoId('org/na--me')).toBe(false);
    expect(isRepoId('org/name.git')).toBe(false);
  });

  it('normalizes ETags as huggingface_hub does', () => {
    expect(normalizeEtag('"abc"')).toBe('abc');
    expect(normalizeEtag('W/"abc"')).toBe('abc');
    expect(normalizeEtag(undefined)).toBeUndefined();
  });
});
