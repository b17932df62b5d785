import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InferbenchError } from '../../src/errors.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import { createRecordingProgress } from '../../src/testing/index.js';
import { createWordTokenizer } from '../../src/tokenizers/word-tokenizer.js';
import { rejection } from '../helpers/rejection.js';
import { runCli } from '../helpers/run-cli.js';
import { createSelfSignedCertificate } from '../helpers/self-signed-certificate.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** Lists model `m` and streams two words, usage and [DONE]. */
const happy: Handler = (request, response) => {
  request.resume();
  if (request.url?.endsWith('/models')) {
    response.setHeader('content-type', 'application/json');
    response.end('{"object":"list","data":[{"id":"m","object":"model"}]}');
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (content: string): string =>
    `data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${content}"}}]}\n\n`;
  response.end(
    `${chunk('Hello')}${chunk(' world')}data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}\n\ndata: [DONE]\n\n`,
  );
};

async function listen(server: Server, scheme: 'http' | 'https'): Promise<string> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('TLS', () => {
  let dir: string;
  let key: Buffer;
  let cert: Buffer;
  beforeAll(async () => {
    // A throwaway self-signed certificate for 127.0.0.1, made for this run and deleted after.
    dir = await mkdtemp(join(tmpdir(), 'inferbench-tls-'));
    const pem = await createSelfSignedCertificate('127.0.0.1');
    await writeFile(join(dir, 'cert.pem'), pem.cert);
    await writeFile(join(dir, 'key.pem'), pem.key);
    key = await readFile(join(dir, 'key.pem'));
    cert = await readFile(join(dir, 'cert.pem'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const startHttps = (): Promise<string> =>
    listen(createHttpsServer({ key, cert }, happy) as unknown as Server, 'https');

  it('verifies certificates by default and names the TLS problem', async () => {
    const target = await startHttps();
    const error = await runBenchmark({ target, maxRequests: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InferbenchError);
    expect((error as InferbenchError).code).toBe('ERR_TARGET_UNREACHABLE');
    expect((error as InferbenchError).field).toBe('target');
    const message = (error as InferbenchError).message;
    expect(message).toContain('TLS certificate verification failed');
    expect(message).toMatch(/self[- ]signed/i);
    expect(message).toContain('insecure');
  });

  it('works with insecure: true, and warns through the event bus before anything is sent', async () => {
    const target = await startHttps();
    const progress = createRecordingProgress();
    const report = await runBenchmark({
      target,
      insecure: true,
      // This server has no tokenizer: naming one keeps its warning out of the TLS question.
      tokenizer: 'word',
      profile: 'synchronous',
      maxRequests: 2,
      progress: [progress],
    });
    expect(report.benchmarks[0]!.requestCounts.successful).toBe(2);
    expect(report.args['insecure']).toBe(true);
    const warnings = progress.events.filter((event) => event.type === 'warning');
    expect(warnings).toEqual([
      {
        type: 'warning',
        code: 'TLS_VERIFICATION_DISABLED',
        message: expect.stringContaining('TLS certificates are not verified') as unknown,
      },
    ]);
    expect(progress.events[0]).toBe(warnings[0]);
  });

  it('works with the certificate trusted through caCertFile, without a TLS warning', async () => {
    const target = await startHttps();
    const progress = createRecordingProgress();
    const report = await runBenchmark({
      target,
      caCertFile: join(dir, 'cert.pem'),
      tokenizer: 'word',
      profile: 'synchronous',
      maxRequests: 2,
      progress: [progress],
    });
    expect(report.benchmarks[0]!.requestCounts.successful).toBe(2);
    expect(progress.events.some((event) => event.type === 'warning')).toBe(false);
  });

  it('asks an https target for its own tokenizer with the same TLS settings', async () => {
    const words = createWordTokenizer();
    // vLLM's /tokenize and /detokenize over TLS, everything else as the happy server.
    const tokenizing: Handler = (request, response) => {
      if (request.url !== '/tokenize' && request.url !== '/detokenize') {
        happy(request, response);
        return;
      }
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        const body = JSON.parse(text) as { prompt?: string; tokens?: number[] };
        response.setHeader('content-type', 'application/json');
        const tokens = words.encode(body.prompt ?? '');
        response.end(
          JSON.stringify(
            request.url === '/tokenize'
              ? { count: tokens.length, max_model_len: 4096, tokens }
              : { prompt: words.decode(body.tokens ?? []) },
          ),
        );
      });
    };
    const target = await listen(
      createHttpsServer({ key, cert }, tokenizing) as unknown as Server,
      'https',
    );
    const report = await runBenchmark({
      target,
      caCertFile: join(dir, 'cert.pem'),
      maxRequests: 2,
      data: 'prompt_tokens=8,output_tokens=2',
    });
    expect(report.tokenizer).toMatchObject({
      source: 'server',
      dialect: 'vllm',
      maxModelLen: 4096,
    });
    const insecure = await runBenchmark({
      target,
      insecure: true,
      maxRequests: 2,
      data: 'prompt_tokens=8,output_tokens=2',
    });
    expect(insecure.tokenizer).toMatchObject({ source: 'server', dialect: 'vllm' });
  });

  it('takes caCert, the former name of caCertFile, with a DEPRECATED_ARG warning', async () => {
    const target = await startHttps();
    const progress = createRecordingProgress();
    const report = await runBenchmark({
      target,
      caCert: join(dir, 'cert.pem'),
      tokenizer: 'word',
      profile: 'synchronous',
      maxRequests: 2,
      progress: [progress],
    });
    expect(report.benchmarks[0]!.requestCounts.successful).toBe(2);
    const warning = {
      code: 'DEPRECATED_ARG',
      message: 'caCert is deprecated: use caCertFile (the CLI flag --ca-cert is unchanged)',
    };
    expect(report.warnings).toEqual([warning]);
    expect(progress.events.filter((event) => event.type === 'warning')).toEqual([
      { type: 'warning', ...warning },
    ]);
  });

  it('rejects an unreadable caCertFile naming the field', async () => {
    const error = await runBenchmark({
      target: 'https://127.0.0.1:9',
      caCertFile: join(dir, 'missing.pem'),
      maxRequests: 1,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARGS', field: 'caCertFile' });
  });

  it('the CLI fails with exit 1 by default, and --insecure works with a warning', async () => {
    const target = await startHttps();
    const args = ['benchmark', '--target', target, '--max-requests', '2', '--no-progress'];
    const strict = await runCli([...args, '--output-dir', dir], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('TLS certificate verification failed');
    expect(strict.stderr).not.toMatch(/^\s+at /m);
    const insecure = await runCli([...args, '--insecure', '--output-dir', dir], { cwd: dir });
    expect(insecure.code).toBe(0);
    expect(insecure.stderr).toContain('warning: --insecure');
    // With progress on, the console progress prints the library's warning, and only that one.
    const withProgress = await runCli(
      [...args.filter((arg) => arg !== '--no-progress'), '--insecure', '--output-dir', dir],
      { cwd: dir },
    );
    expect(withProgress.code).toBe(0);
    expect(withProgress.stderr.match(/TLS certificates are not verified/g)).toHaveLength(1);
  }, 30_000);
});

describe('secrets', () => {
  const secret = 'sk-proj-inferbench-secret-0123456789abcdef';
  const headerSecret = 'hdr-secret-9876543210fedcba';

  it('never appear in the report, events or error messages, even when the server echoes them', async () => {
    const target = await listen(
      createServer((request, response) => {
        if (request.url?.endsWith('/models')) {
          happy(request, response);
          return;
        }
        request.resume();
        // Like OpenAI's 401, this echoes the credentials it was sent.
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            error: {
              message: `Incorrect API key provided: ${secret}. Header was x-api-key: ${headerSecret}; auth ${request.headers.authorization}`,
              type: 'invalid_request_error',
            },
          }),
        );
      }),
      'http',
    );
    const progress = createRecordingProgress();
    const report = await runBenchmark({
      target,
      apiKey: secret,
      headers: { 'x-api-key': headerSecret },
      profile: 'synchronous',
      maxRequests: 2,
      retainRequests: true,
      // The server fails every request: the probe would end the run before it measured them.
      probe: false,
      progress: [progress],
    });
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.errorsByCode).toEqual({ HTTP_ERROR: 2 });
    const message = benchmark.requests![0]!.error!.message;
    expect(message).toContain('Incorrect API key provided: [redacted]');
    for (const text of [JSON.stringify(report), JSON.stringify(progress.events)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(headerSecret);
      expect(text).not.toContain('sk-proj');
    }
  });

  it('never appear in setup errors', async () => {
    const target = await listen(
      createServer((request, response) => {
        request.resume();
        response.writeHead(403, { 'content-type': 'text/plain' });
        response.end(`forbidden for ${request.headers.authorization ?? 'nobody'}`);
      }),
      'http',
    );
    const noModel = await rejection(runBenchmark({ target, apiKey: secret, maxRequests: 1 }));
    expect(noModel.code).toBe('ERR_MODEL_NOT_FOUND');
    expect(noModel.message).toContain('forbidden for [redacted]');
    expect(noModel.message).not.toContain(secret);
    const unreachable = await rejection(
      runBenchmark({
        target: `http://user:${headerSecret}@127.0.0.1:9`,
        apiKey: secret,
        maxRequests: 1,
      }),
    );
    expect(unreachable.code).toBe('ERR_TARGET_UNREACHABLE');
    expect(unreachable.message).not.toContain(headerSecret);
    expect(unreachable.message).not.toContain(secret);
  });
});
