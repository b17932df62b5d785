import { request, type Dispatcher } from 'undici';
import { parsePrometheusText, type PrometheusExposition } from './prometheus-text.js';

/** How one GET of a metrics endpoint went. */
export type MetricsFetchResult =
  | { ok: true; exposition: PrometheusExposition }
  | {
      ok: false;
      /**
       * `absent`: the server answers but has no Prometheus metrics there (404, 405, 501, or a
       * body that is not Prometheus text); `failed`: the scrape did not work this time.
       */
      kind: 'absent' | 'failed';
      reason: string;
    };

/** Bodies past this size are refused: no metrics endpoint is that large. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Asks for Prometheus text first, as Prometheus itself does, and takes OpenMetrics text too. */
const ACCEPT =
  'text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.1';

/** Whether a failed fetch says the server has no metrics endpoint, rather than a passing fault. */
const ABSENT_STATUSES = new Set([404, 405, 410, 501]);

async function readBody(body: Dispatcher.ResponseData['body']): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * GETs `url` with undici and parses the answer as Prometheus text. Never throws: a timeout, a
 * refused connection or an error status comes back as a failure with its reason.
 */
export async function fetchMetrics(
  url: string,
  options: { timeoutMs: number; dispatcher?: Dispatcher; headers?: Record<string, string> },
): Promise<MetricsFetchResult> {
  try {
    const response = await request(url, {
      method: 'GET',
      headers: { accept: ACCEPT, ...options.headers },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: AbortSignal.timeout(options.timeoutMs),
      ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return {
        ok: false,
        kind: ABSENT_STATUSES.has(response.statusCode) ? 'absent' : 'failed',
        reason: `HTTP ${response.statusCode}`,
      };
    }
    const text = await readBody(response.body);
    if (text === undefined) {
      return { ok: false, kind: 'failed', reason: `body larger than ${MAX_BODY_BYTES} bytes` };
    }
    const exposition = parsePrometheusText(text);
    if (exposition.families.length === 0 && text.trim() !== '') {
      return { ok: false, kind: 'absent', reason: 'the answer is not Prometheus text' };
    }
    return { ok: true, exposition };
  } catch (error) {
    const reason =
      error instanceof Error
        ? ((error as { code?: string }).code ?? error.name) + `: ${error.message}`
        : String(error);
    return { ok: false, kind: 'failed', reason };
  }
}
