import { cp, mkdtemp, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InferbenchError } from '../../src/errors.js';
import { createMockServer, type MockServer } from '../../src/mock-server/index.js';
import { loadHfTokenizer } from '../../src/tokenizers/hf-tokenizer.js';
import {
  resolveTokenizer,
  type ResolvedTokenizer,
  type TokenizerWarning,
} from '../../src/tokenizers/resolve-tokenizer.js';
import type { Tokenizer } from '../../src/spec/tokenizer.js';
import type { FakeHub } from '../helpers/fake-hub.js';
import {
  LLAMA3_DIR,
  LLAMA_MAIN,
  LLAMA_TOKEN,
  OTHER_TOKEN,
  QWEN3_DIR,
  QWEN_MAIN,
  QWEN_V1,
  startTokenizerHub,
} from '../helpers/tokenizer-hub.js';

const SAMPLE = 'The river bends twice before it reaches the old mill, 42 times a year.';

let hub: FakeHub;
let cacheDir: string;
let qwen: Tokenizer;
let llama: Tokenizer;

beforeAll(async () => {
  hub = await startTokenizerHub();
  [qwen, llama] = await Promise.all([loadHfTokenizer(QWEN3_DIR), loadHfTokenizer(LLAMA3_DIR)]);
});
afterAll(() => hub.close());
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'tokenizer-cache-'));
  hub.requests.length = 0;
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    HF_ENDPOINT: hub.url,
    HF_HUB_CACHE: cacheDir,
    HF_HOME: join(cacheDir, 'home'),
    ...extra,
  };
}

function localTokenizer(resolved: ResolvedTokenizer): Tokenizer {
  if (resolved.source === 'server') throw new Error('expected a local tokenizer');
  return resolved.tokenizer;
}

async function rejection(promise: Promise<unknown>): Promise<InferbenchError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(InferbenchError);
  return caught as InferbenchError;
}

describe('a Hub model id as the tokenizer', () => {
  it('downloads it once, then loads it from the cache, then offline with no request at all', async () => {
    const first = await resolveTokenizer({ spec: 'Qwen/Qwen3-0.6B', env: env() });
    expect(first).toMatchObject({ source: 'hub', id: 'Qwen/Qwen3-0.6B', revision: QWEN_MAIN });
    expect(localTokenizer(first).encode(SAMPLE)).toEqual(qwen.encode(SAMPLE));
    expect(localTokenizer(first).name).toBe('Qwen/Qwen3-0.6B');
    const cdn = hub.requests.filter((request) => request.server === 'cdn');
    expect(cdn).toHaveLength(1);

    const gets = hub.requests.filter((request) => request.method === 'GET').length;
    const second = await resolveTokenizer({ spec: 'Qwen/Qwen3-0.6B', env: env() });
    expect(second).toMatchObject({ source: 'cache', revision: QWEN_MAIN });
    // Online, the cache costs HEADs (is main still that commit?) and no download.
    expect(hub.requests.filter((request) => request.method === 'GET')).toHaveLength(gets);
    const before = hub.requests.length;
    const offline = await resolveTokenizer({
      spec: 'Qwen/Qwen3-0.6B',
      env: env({ HF_HUB_OFFLINE: '1' }),
    });
    expect(offline).toMatchObject({ source: 'cache', revision: QWEN_MAIN });
    expect(localTokenizer(offline).count(SAMPLE)).toBe(qwen.count(SAMPLE));
    expect(hub.requests.length).toBe(before);
    // The snapshot Python's huggingface_hub would read: a relative link to the blob.
    const link = join(
      cacheDir,
      'models--Qwen--Qwen3-0.6B',
      'snapshots',
      QWEN_MAIN,
      'tokenizer.json',
    );
    expect(await readlink(link)).toMatch(/^\.\.\/\.\.\/blobs\/[0-9a-f]{64}$/);
  });

  it('takes a revision as org/name@rev or as tokenizerRevision, and refuses both differing', async () => {
    const tagged = await resolveTokenizer({ spec: 'Qwen/Qwen3-0.6B@v1', env: env() });
    expect(tagged).toMatchObject({ source: 'hub', revision: QWEN_V1 });
    expect(localTokenizer(tagged).count(SAMPLE)).toBe(qwen.count(SAMPLE));
    const byArg = await resolveTokenizer({ spec: 'Qwen/Qwen3-0.6B', revision: 'v1', env: env() });
    expect(byArg).toMatchObject({ source: 'cache', revision: QWEN_V1 });
    const both = await rejection(
      resolveTokenizer({ spec: 'Qwen/Qwen3-0.6B@v1', revision: 'main', env: env() }),
    );
    expect(both).toMatchObject({ code: 'ERR_TOKENIZER', field: 'tokenizer' });
    expect(both.message).toContain('the revision is given twice');
  });

  it('says a gated repository needs HF_TOKEN, 401 without one and 403 with one lacking access', async () => {
    const anonymous = await rejection(
      resolveTokenizer({ spec: 'meta-llama/Llama-3.2-1B', env: env() }),
    );
    expect(anonymous).toMatchObject({ code: 'ERR_TOKENIZER', field: 'tokenizer' });
    expect(anonymous.message).toContain(
      'tokenizer: gated: set HF_TOKEN with access to meta-llama/Llama-3.2-1B',
    );
    const denied = await rejection(
      resolveTokenizer({ spec: 'meta-llama/Llama-3.2-1B', env: env({ HF_TOKEN: OTHER_TOKEN }) }),
    );
    expect(denied.message).toContain('has no access to meta-llama/Llama-3.2-1B');
    expect(denied.message).not.toContain(OTHER_TOKEN);

    hub.requests.length = 0;
    const granted = await resolveTokenizer({
      spec: 'meta-llama/Llama-3.2-1B',
      env: env({ HF_TOKEN: LLAMA_TOKEN }),
    });
    expect(granted).toMatchObject({ source: 'hub', revision: LLAMA_MAIN });
    expect(localTokenizer(granted).encode(SAMPLE)).toEqual(llama.encode(SAMPLE));
    // The 302 took the 9 MB file to the CDN, which never saw the token.
    const cdn = hub.requests.filter((request) => request.server === 'cdn');
    expect(cdn.length).toBeGreaterThan(0);
    expect(cdn.every((request) => request.authorization === undefined)).toBe(true);
    expect(
      hub.requests
        .filter((request) => request.server === 'hub')
        .every((request) => request.authorization === `Bearer ${LLAMA_TOKEN}`),
    ).toBe(true);
  });

  it('tells a missing repository from a path that does not exist', async () => {
    const missing = await rejection(resolveTokenizer({ spec: 'nobody/nothing', env: env() }));
    expect(missing.message).toContain('no repository nobody/nothing');
    const path = await rejection(
      resolveTokenizer({ spec: './nothing/tokenizer.json', env: env() }),
    );
    expect(path.message).toContain('(no such file or folder)');
    expect(hub.requests.filter((request) => request.path.includes('nothing/tokenizer'))).toEqual(
      [],
    );
  });

  it('names the endpoint and the cache when the Hub cannot be reached', async () => {
    const error = await rejection(
      resolveTokenizer({
        spec: 'Qwen/Qwen3-0.6B',
        env: env({ HF_ENDPOINT: 'http://127.0.0.1:9' }),
      }),
    );
    expect(error.message).toContain('http://127.0.0.1:9');
    expect(error.message).toContain(join(cacheDir, 'models--Qwen--Qwen3-0.6B'));
  });
});

describe('the default: the target model', () => {
  let mock: MockServer | undefined;
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
  });

  it("uses vLLM's root when the served name is an alias", async () => {
    const warnings: TokenizerWarning[] = [];
    const resolved = await resolveTokenizer({
      modelIds: ['my-qwen', 'Qwen/Qwen3-0.6B'],
      env: env(),
      warn: (warning) => warnings.push(warning),
    });
    expect(resolved).toMatchObject({ source: 'hub', id: 'Qwen/Qwen3-0.6B' });
    expect(warnings).toEqual([]);
  });

  it('loads a local folder vLLM was started from, when it is on this machine', async () => {
    const folder = join(cacheDir, 'models', 'llama');
    await cp(LLAMA3_DIR, folder, { recursive: true });
    const resolved = await resolveTokenizer({ modelIds: ['llama', resolve(folder)], env: env() });
    expect(resolved).toMatchObject({ source: 'file', id: resolve(folder) });
    expect(hub.requests).toEqual([]);
  });

  it("falls back to the server's /tokenize when the Hub has no such model", async () => {
    mock = await createMockServer({ tokenizer: qwen, model: 'acme/private-model' });
    const warnings: TokenizerWarning[] = [];
    const resolved = await resolveTokenizer({
      modelIds: ['acme/private-model'],
      server: { target: mock.url, model: 'acme/private-model' },
      env: env(),
      warn: (warning) => warnings.push(warning),
    });
    expect(resolved).toMatchObject({ source: 'server', id: 'acme/private-model' });
    if (resolved.source !== 'server') throw new Error('unreachable');
    const [counted] = await resolved.tokenizer.tokenize([SAMPLE]);
    expect(counted!.ids).toEqual(qwen.encode(SAMPLE));
    await resolved.tokenizer.close();
    expect(warnings).toEqual([]);
  });

  it('ends with the word tokenizer and a loud warning saying what was tried', async () => {
    const warnings: TokenizerWarning[] = [];
    const resolved = await resolveTokenizer({
      modelIds: ['acme/private-model'],
      server: { target: 'http://127.0.0.1:9', model: 'acme/private-model' },
      env: env({ HF_HUB_OFFLINE: '1' }),
      warn: (warning) => warnings.push(warning),
    });
    expect(resolved).toMatchObject({ source: 'word', id: 'word' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.code).toBe('TOKENIZER_APPROXIMATE');
    expect(warnings[0]!.message).toContain('APPROXIMATE');
    expect(warnings[0]!.message).toContain('HF_HUB_OFFLINE is set');
    expect(warnings[0]!.message).toContain('no tokenize endpoint at http://127.0.0.1:9');
    expect(hub.requests).toEqual([]);
  });

  it('refuses "server" when there is no target to ask', async () => {
    const error = await rejection(resolveTokenizer({ spec: 'server' }));
    expect(error.message).toBe(
      'tokenizer: "server" asks the target for its tokenizer, but no target to ask',
    );
  });
});
