// A small client for the mock-server tests: real HTTP over loopback with undici, each SSE frame
// stamped with the moment its bytes arrived.
import { performance } from 'node:perf_hooks';
import { request } from 'undici';

/** One `data:` frame of a stream and when it arrived (ms, performance.now()). */
export interface TimedFrame {
  atMs: number;
  data: string;
}

export interface StreamResult {
  status: number;
  contentType: string;
  startMs: number;
  frames: TimedFrame[];
}

/** Frames that carry generated text (chat `delta.content` or completion `text`, non-empty). */
export function contentFrames(frames: readonly TimedFrame[]): { atMs: number; text: string }[] {
  const out: { atMs: number; text: string }[] = [];
  for (const frame of frames) {
    if (frame.data === '[DONE]') continue;
    const json = JSON.parse(frame.data) as {
      choices: { delta?: { content?: string }; text?: string }[];
    };
    const choice = json.choices[0];
    const text = choice?.delta?.content ?? choice?.text ?? '';
    if (text.length > 0) out.push({ atMs: frame.atMs, text });
  }
  return out;
}

/** POSTs `body` as JSON and collects the SSE frames with arrival times. */
export async function postStream(
  url: string,
  body: unknown,
  options: { signal?: AbortSignal; onFrame?: (frame: TimedFrame) => void } = {},
): Promise<StreamResult> {
  const startMs = performance.now();
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const frames: TimedFrame[] = [];
  let buffer = '';
  for await (const chunk of response.body) {
    const atMs = performance.now();
    buffer += (chunk as Buffer).toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith('data: ')) {
        const frame = { atMs, data: block.slice(6) };
        frames.push(frame);
        options.onFrame?.(frame);
      }
    }
  }
  return {
    status: response.statusCode,
    contentType: String(response.headers['content-type'] ?? ''),
    startMs,
    frames,
  };
}

/** Sends a request and parses the JSON answer. */
export async function sendJson(
  url: string,
  method: 'GET' | 'POST' | 'PUT',
  body?: unknown,
  rawBody?: string,
): Promise<{ status: number; json: unknown; headers: Record<string, unknown> }> {
  const text = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  const response = await request(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(text === undefined ? {} : { body: text }),
  });
  const raw = await response.body.text();
  return {
    status: response.statusCode,
    json: raw.length > 0 ? (JSON.parse(raw) as unknown) : undefined,
    headers: response.headers,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Polls `check` until it is true or `timeoutMs` passes. */
export async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}
