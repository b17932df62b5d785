import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import {
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHubClient, type HubDownloadProgress } from '../../src/hub/hub-client.js';
import { HubError } from '../../src/hub/errors.js';
import {
  fakeCommit,
  gitBlobSha1,
  sha256,
  startFakeHub,
  type FakeHub,
} from '../helpers/fake-hub.js';

const TOKEN = 'test-secret-token-value-1234';
const MAIN = fakeCommit('org/model main');
const V1 = fakeCommit('org/model v1');
const CONFIG = Buffer.from(JSON.stringify({ model_max_length: 4096 }));
const LARGE = randomBytes(300_000);
const V1_CONFIG = Buffer.from('{"v":1}');

let hub: FakeHub;
let cacheDir: string;

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    HF_ENDPOINT: hub.url,
    HF_HUB_CACHE: cacheDir,
    HF_HOME: join(cacheDir, 'home'),
    ...extra,
  };
}

beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'hub-cache-'));
  hub = await startFakeHub({
    tokens: [TOKEN, 'test-other-user-token-000'],
    grants: { [TOKEN]: ['org/gated'] },
    lfsThreshold: 100_000,
    repos: [
      {
        id: 'org/model',
        refs: { main: MAIN, v1: V1 },
        commits: {
          [MAIN]: {
            'tokenizer_config.json': { content: CONFIG },
            'tokenizer.json': { content: LARGE },
          },
          [V1]: { 'tokenizer_config.json': { content: V1_CONFIG } },
        },
      },
      {
        id: 'org/gated',
        gated: true,
        refs: { main: MAIN },
        commits: { [MAIN]: { 'tokenizer_config.json': { content: CONFIG } } },
      },
      { id: 'org/old-name', renamedTo: 'org/model', refs: {}, commits: {} },
      {
        id: 'org/data',
        type: 'dataset',
        refs: { main: MAIN },
        commits: { [MAIN]: { 'data/train.parquet': { content: LARGE } } },
      },
    ],
  });
});

afterEach(async () => {
  await hub.close();
});

async function expectHubError(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    const hubError = error as HubError;
    expect(hubError.code).toBe('ERR_HUB');
    // The token never leaks into what a user or a log sees.
    expect(hubError.message).not.toContain(TOKEN);
    expect(JSON.stringify(hubError)).not.toContain(TOKEN);
    expect(String(hubError.stack)).not.toContain(TOKEN);
    return hubError;
  }
  throw new Error('expected a HubError');
}

describe('Hub client against a fake Hub', () => {
  it('downloads a small file into the Hugging Face cache layout and then reuses it', async () => {
    const client = createHubClient({ env: env() });
    const file = await client.fetchFile({ repo: 'org/model', path: 'tokenizer_config.json' });
    await client.close();
    const folder = join(cacheDir, 'models--org--model');
    const etag = gitBlobSha1(CONFIG);
    expect(file).toMatchObject({ commit: MAIN, from: 'hub', revision: 'main' });
    expect(file.path).toBe(join(folder, 'snapshots', MAIN, 'tokenizer_config.json'));
    expect(await readlink(file.path)).toBe(`../../blobs/${etag}`);
    expect(await readFile(join(folder, 'blobs', etag))).toEqual(CONFIG);
    expect(await readFile(join(folder, 'refs', 'main'), 'utf8')).toBe(MAIN);
    expect(await readFile(file.path)).toEqual(CONFIG);
    expect(hub.requests.map((r) => `${r.server} ${r.method}`)).toEqual(['hub HEAD', 'hub GET']);

    const again = createHubClient({ env: env() });
    const second = await again.fetchFile({ repo: 'org/model', path: 'tokenizer_config.json' });
    await again.close();
    expect(second).toMatchObject({ commit: MAIN, from: 'cache', path: file.path });
    // Online, a cached file costs one HEAD (is main still that commit?) and no download.
    expect(hub.requests.map((r) => `${r.server} ${r.method}`)).toEqual([
      'hub HEAD',
      'hub GET',
      'hub HEAD',
    ]);
  });

  it('follows the 302 of a large file to the CDN on another port without the token', async () => {
    const client = createHubClient({ env: env({ HF_TOKEN: TOKEN }) });
    const file = await client.fetchFile({ repo: 'org/model', path: 'tokenizer.json' });
    await client.close();
    // Named by X-Linked-Etag (sha256), not by the redirect's own ETag.
    const blob = join(cacheDir, 'models--org--model', 'blobs', sha256(LARGE));
    expect(sha256(await readFile(blob))).toBe(sha256(LARGE));
    expect(await readlink(file.path)).toBe(`../../blobs/${sha256(LARGE)}`);
    const hubRequests = hub.requests.filter((r) => r.server === 'hub');
    const cdnRequests = hub.requests.filter((r) => r.server === 'cdn');
    expect(hubRequests).toHaveLength(1);
    expect(hubRequests[0]!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(cdnRequests).toHaveLength(1);
    expect(cdnRequests[0]!.authorization).toBeUndefined();
    expect(new URL(hub.cdnUrl).port).not.toBe(new URL(hub.url).port);
  });

  it('reads a dataset repository under /datasets/ into datasets--org--name', async () => {
    const client = createHubClient({ env: env() });
    const file = await client.fetchFile({
      repo: 'org/data',
      repoType: 'dataset',
      path: 'data/train.parquet',
    });
    await client.close();
    expect(file.path).toBe(
      join(cacheDir, 'datasets--org--data', 'snapshots', MAIN, 'data', 'train.parquet'),
    );
    expect(await readlink(file.path)).toBe(`../../../blobs/${sha256(LARGE)}`);
    expect(hub.requests[0]!.path).toBe('/datasets/org/data/resolve/main/data/train.parquet');
  });

  it('resolves a tag to its own commit and records refs/<tag>', async () => {
    const client = createHubClient({ env: env() });
    const file = await client.fetchFile({
      repo: 'org/model',
      revision: 'v1',
      path: 'tokenizer_config.json',
    });
    await client.close();
    expect(file.commit).toBe(V1);
    expect(await readFile(file.path)).toEqual(V1_CONFIG);
    expect(await readFile(join(cacheDir, 'models--org--model', 'refs', 'v1'), 'utf8')).toBe(V1);
  });

  it('follows a renamed repository (a relative 307)', async () => {
    const client = createHubClient({ env: env() });
    const file = await client.fetchFile({ repo: 'org/old-name', path: 'tokenizer_config.json' });
    await client.close();
    expect(await readFile(file.path)).toEqual(CONFIG);
    expect(hub.requests.map((r) => r.path)).toContain(
      '/org/model/resolve/main/tokenizer_config.json',
    );
  });

  it('names a gated repository: 401 without a token, 403 with a token that has no access', async () => {
    const anonymous = createHubClient({ env: env() });
    const noToken = await expectHubError(
      anonymous.fetchFile({ repo: 'org/gated', path: 'tokenizer_config.json' }),
    );
    await anonymous.close();
    expect(noToken.reason).toBe('gated');
    expect(noToken.status).toBe(401);
    expect(noToken.message).toContain('gated: set HF_TOKEN with access to org/gated');
    expect(noToken.message).toContain(`${hub.url}/org/gated`);

    const other = createHubClient({ env: env({ HF_TOKEN: 'test-other-user-token-000' }) });
    const denied = await expectHubError(
      other.fetchFile({ repo: 'org/gated', path: 'tokenizer_config.json' }),
    );
    await other.close();
    expect(denied.reason).toBe('gated');
    expect(denied.status).toBe(403);
    expect(denied.message).toContain('has no access to org/gated');
    expect(denied.message).toContain('set HF_TOKEN with access to org/gated');

    const granted = createHubClient({ env: env({ HF_TOKEN: TOKEN }) });
    const file = await granted.fetchFile({ repo: 'org/gated', path: 'tokenizer_config.json' });
    await granted.close();
    expect(await readFile(file.path)).toEqual(CONFIG);
  });

  it('says when the token itself is rejected, without printing it', async () => {
    const bad = 'test-invalid-token-that-must-not-leak';
    const client = createHubClient({ env: env({ HF_TOKEN: bad }) });
    const error = await expectHubError(
      client.fetchFile({ repo: 'org/model', path: 'tokenizer_config.json' }),
    );
    await client.close();
    expect(error.reason).toBe('unauthorized');
    expect(error.message).toContain('rejected the Hugging Face token');
    expect(error.message).not.toContain(bad);
  });

  it('tells apart a missing repository, revision and file (X-Error-Code)', async () => {
    const client = createHubClient({ env: env({ HF_TOKEN: TOKEN }) });
    const repo = await expectHubError(
      client.fetchFile({ repo: 'org/none', path: 'tokenizer.json' }),
    );
    expect(repo.reason).toBe('repo-not-found');
    expect(repo.status).toBe(404);
    expect(repo.message).toContain('no repository org/none');
    const revision = await expectHubError(
      client.fetchFile({ repo: 'org/model', revision: 'v9', path: 'tokenizer.json' }),
    );
    expect(revision.reason).toBe('revision-not-found');
    expect(revision.message).toContain('org/model has no revision "v9"');
    const entry = await expectHubError(
      client.fetchFile({ repo: 'org/model', path: 'missing.json' }),
    );
    expect(entry.reason).toBe('entry-not-found');
    expect(entry.message).toContain('org/model has no file missing.json');
    expect(
      await client.fetchOptionalFile({ repo: 'org/model', path: 'missing.json' }),
    ).toBeUndefined();
    await client.close();
    // As huggingface_hub does, the absence is recorded for offline use.
    await stat(join(cacheDir, 'models--org--model', '.no_exist', MAIN, 'missing.json'));
  });

  it('asks nothing of the network with HF_HUB_OFFLINE=1 and answers from refs and snapshots', async () => {
    const online = createHubClient({ env: env() });
    const first = await online.fetchFile({ repo: 'org/model', path: 'tokenizer_config.json' });
    await online.fetchOptionalFile({ repo: 'org/model', path: 'missing.json' });
    await online.close();
    const before = hub.requests.length;

    const offline = createHubClient({ env: env({ HF_HUB_OFFLINE: '1' }) });
    const second = await offline.fetchFile({ repo: 'org/model', path: 'tokenizer_config.json' });
    expect(second).toMatchObject({ path: first.path, commit: MAIN, from: 'cache' });
    expect(
      await offline.fetchOptionalFile({ repo: 'org/model', path: 'missing.json' }),
    ).toBeUndefined();
    const miss = await expectHubError(
      offline.fetchFile({ repo: 'org/model', path: 'tokenizer.json' }),
    );
    const tagMiss = await expectHubError(
      offline.fetchFile({ repo: 'org/model', revision: 'v1', path: 'tokenizer_config.json' }),
    );
    await offline.close();
    expect(miss.reason).toBe('offline-miss');
    expect(miss.message).toContain(join(cacheDir, 'models--org--model'));
    expect(tagMiss.reason).toBe('offline-miss');
    expect(hub.requests.length).toBe(before);
  });

  it('reads a snapshot written the way Python huggingface_hub writes it', async () => {
    // Layout written by hand as hf_hub_download leaves it: blob by ETag, relative symlink, ref.
    const folder = join(cacheDir, 'models--org--model');
    const etag = gitBlobSha1(CONFIG);
    await mkdir(join(folder, 'blobs'), { recursive: true });
    await mkdir(join(folder, 'refs'), { recursive: true });
    await mkdir(join(folder, 'snapshots', MAIN), { recursive: true });
    await writeFile(join(folder, 'blobs', etag), CONFIG);
    await writeFile(join(folder, 'refs', 'main'), MAIN);
    await symlink(`../../blobs/${etag}`, join(folder, 'snapshots', MAIN, 'tokenizer_config.json'));

    const offline = createHubClient({ env: env({ HF_HUB_OFFLINE: '1' }) });
    const cached = await offline.fetchFile({ repo: 'org/model', path: 'tokenizer_config.json' });
    await offline.close();
    expect(cached).toMatchObject({ commit: MAIN, from: 'cache' });
    expect(hub.requests).toHaveLength(0);

    // Online, the Hub confirms the commit and nothing is downloaded again.
    const online = createHubClient({ env: env() });
    const confirmed = await online.fetchFile({ repo: 'org/model', path: 'tokenizer_config.json' });
    await online.close();
    expect(confirmed.from).toBe('cache');
    expect(hub.requests.map((r) => r.method)).toEqual(['HEAD']);

    // A full commit hash is answered from the snapshot without asking at all.
    const byCommit = createHubClient({ env: env() });
    await byCommit.fetchFile({ repo: 'org/model', revision: MAIN, path: 'tokenizer_config.json' });
    await byCommit.close();
    expect(hub.requests).toHaveLength(1);
  });

  it('resumes a download cut mid-body with a Range request', async () => {
    hub.setCdn({ dropAfterBytes: 120_000, dropTimes: 1, chunkBytes: 20_000 });
    const client = createHubClient({ env: env() });
    const file = await client.fetchFile({ repo: 'org/model', path: 'tokenizer.json' });
    await client.close();
    expect(sha256(await readFile(file.path))).toBe(sha256(LARGE));
    const cdn = hub.requests.filter((r) => r.server === 'cdn');
    expect(cdn).toHaveLength(2);
    expect(cdn[0]!.range).toBeUndefined();
    expect(cdn[1]!.range).toBe('bytes=120000-');
    const blobs = await readdir(join(cacheDir, 'models--org--model', 'blobs'));
    expect(blobs).toEqual([sha256(LARGE)]);
  });

  it('resumes the .incomplete file another process left behind', async () => {
    const blobs = join(cacheDir, 'models--org--model', 'blobs');
    await mkdir(blobs, { recursive: true });
    await writeFile(join(blobs, `${sha256(LARGE)}.incomplete`), LARGE.subarray(0, 100_000));
    const client = createHubClient({ env: env() });
    const file = await client.fetchFile({ repo: 'org/model', path: 'tokenizer.json' });
    await client.close();
    expect(sha256(await readFile(file.path))).toBe(sha256(LARGE));
    expect(hub.requests.filter((r) => r.server === 'cdn').map((r) => r.range)).toEqual([
      'bytes=100000-',
    ]);
  });

  it('starts over when the server ignores the Range header', async () => {
    const blobs = join(cacheDir, 'models--org--model', 'blobs');
    await mkdir(blobs, { recursive: true });
    await writeFile(join(blobs, `${sha256(LARGE)}.incomplete`), Buffer.alloc(50_000, 7));
    hub.setCdn({ ignoreRange: true });
    const client = createHubClient({ env: env() });
    const file = await client.fetchFile({ repo: 'org/model', path: 'tokenizer.json' });
    await client.close();
    expect(sha256(await readFile(file.path))).toBe(sha256(LARGE));
  });

  it('reports progress of a slow download, ending with done', async () => {
    hub.setCdn({ chunkBytes: 30_000, delayMs: 60 });
    const events: HubDownloadProgress[] = [];
    const client = createHubClient({ env: env(), onProgress: (event) => events.push(event) });
    await client.fetchFile({ repo: 'org/model', path: 'tokenizer.json' });
    await client.close();
    expect(events.length).toBeGreaterThanOrEqual(3);
    const last = events.at(-1)!;
    expect(last).toEqual({
      repo: 'org/model',
      path: 'tokenizer.json',
      receivedBytes: LARGE.length,
      totalBytes: LARGE.length,
      done: true,
    });
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.receivedBytes).toBeGreaterThanOrEqual(events[i - 1]!.receivedBytes);
    }
    expect(events.filter((event) => event.done)).toHaveLength(1);
  });

  it('gives up on a stalled download after its timeout and keeps the partial file', async () => {
    hub.setCdn({ stallAfterBytes: 50_000 });
    const client = createHubClient({
      env: env(),
      settings: { downloadTimeoutMs: 300 },
      retries: 1,
    });
    const started = performance.now();
    const error = await expectHubError(
      client.fetchFile({ repo: 'org/model', path: 'tokenizer.json' }),
    );
    await client.close();
    expect(error.reason).toBe('network');
    expect(error.message).toContain('no answer within 0.3 s');
    expect(performance.now() - started).toBeLessThan(10_000);
    const partial = await stat(
      join(cacheDir, 'models--org--model', 'blobs', `${sha256(LARGE)}.incomplete`),
    );
    expect(partial.size).toBe(50_000);
  });

  it('names the endpoint and the cache path when the Hub cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = createHubClient({
      env: { ...env(), HF_ENDPOINT: `http://127.0.0.1:${port}`, HF_TOKEN: TOKEN },
    });
    const error = await expectHubError(
      client.fetchFile({ repo: 'org/model', path: 'tokenizer.json' }),
    );
    await client.close();
    expect(error.reason).toBe('network');
    expect(error.message).toContain(`http://127.0.0.1:${port}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain(join(cacheDir, 'models--org--model'));
  });

  it('falls back to the cached revision when the Hub is down', async () => {
    const online = createHubClient({ env: env() });
    await online.fetchFile({ repo: 'org/model', path: 'tokenizer_config.json' });
    await online.close();
    const url = hub.url;
    await hub.close();
    const down = createHubClient({ env: { ...env(), HF_ENDPOINT: url } });
    const file = await down.fetchFile({ repo: 'org/model', path: 'tokenizer_config.json' });
    await down.close();
    expect(file).toMatchObject({ from: 'cache', commit: MAIN });
    hub = await startFakeHub({ repos: [] });
  });
});

describe('Hub client behind a proxy from the environment', () => {
  let proxy: Server;
  let tunnels: string[];

  beforeEach(async () => {
    tunnels = [];
    proxy = createServer();
    proxy.on('connect', (request, client: Socket, head) => {
      tunnels.push(request.url ?? '');
      const [host, port] = (request.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  it('goes through HTTP_PROXY, and around it for hosts in NO_PROXY', async () => {
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const through = createHubClient({ env: env({ HTTP_PROXY: proxyUrl }) });
    const file = await through.fetchFile({ repo: 'org/model', path: 'tokenizer.json' });
    await through.close();
    expect(sha256(await readFile(file.path))).toBe(sha256(LARGE));
    const hubHost = new URL(hub.url).host;
    const cdnHost = new URL(hub.cdnUrl).host;
    expect(tunnels).toContain(hubHost);
    expect(tunnels).toContain(cdnHost);

    tunnels.length = 0;
    const around = createHubClient({
      env: env({
        HTTP_PROXY: proxyUrl,
        NO_PROXY: '127.0.0.1',
        HF_HUB_CACHE: join(cacheDir, 'second'),
      }),
    });
    await around.fetchFile({ repo: 'org/model', path: 'tokenizer_config.json' });
    await around.close();
    expect(tunnels).toEqual([]);
  });
});
