import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeServerMetrics } from '../../src/server-metrics/probe.js';
import { createServerMetricsScraper } from '../../src/server-metrics/scraper.js';
import { createSelfSignedCertificate } from '../helpers/self-signed-certificate.js';

const VLLM_TEXT = [
  '# HELP vllm:num_requests_waiting Number of requests waiting to be processed.',
  '# TYPE vllm:num_requests_waiting gauge',
  'vllm:num_requests_waiting{engine="0",model_name="Qwen/Qwen2.5-0.5B-Instruct"} 7.0',
  '',
].join('\n');

let server: Server;
let origin: string;
let cert: string;

beforeAll(async () => {
  // A throwaway self-signed certificate for 127.0.0.1, as a private vLLM behind TLS has.
  const pem = await createSelfSignedCertificate('127.0.0.1');
  cert = pem.cert;
  server = createServer({ key: pem.key, cert: pem.cert }, (request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(VLLM_TEXT);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("an https target's /metrics", () => {
  it('is found with the TLS settings of the target, and not without them', async () => {
    expect(await probeServerMetrics(`${origin}/v1`)).toBeUndefined();
    expect(await probeServerMetrics(`${origin}/v1`, { tls: { insecure: true } })).toBe(
      `${origin}/metrics`,
    );
    expect(await probeServerMetrics(`${origin}/v1`, { tls: { ca: cert } })).toBe(
      `${origin}/metrics`,
    );
  });

  it('is scraped with the CA certificate trusted, and fails verification without it', async () => {
    const warnings: string[] = [];
    const trusting = createServerMetricsScraper({
      urls: [`${origin}/metrics`],
      now: () => performance.now(),
      tls: { ca: cert },
    });
    const verifying = createServerMetricsScraper({
      urls: [`${origin}/metrics`],
      now: () => performance.now(),
      onWarning: (message) => warnings.push(message),
    });
    await Promise.all([trusting.scrapeNow(), verifying.scrapeNow()]);
    expect(trusting.samples(0)[0]!.values.waiting).toBe(7);
    expect(verifying.samples(0)).toHaveLength(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /scraping https:\/\/127\.0\.0\.1:\d+\/metrics failed \(.*(certificate|CERT).*\)/i,
    );
    await Promise.all([trusting.stop(), verifying.stop()]);
  });
});
