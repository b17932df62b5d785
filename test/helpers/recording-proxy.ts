// A loopback HTTP proxy that records the JSON body of every request it forwards, so a test can
// check what reached the server.
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the proxy forwarded. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  /** The response body as the server sent it (an SSE stream as text), once it has ended. */
  response?: string;
}

export interface RecordingProxy {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 (port 0) in front of `target` (an http:// base URL). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const raw = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        body: raw.length === 0 ? undefined : (JSON.parse(raw.toString('utf8')) as unknown),
      };
      requests.push(recorded);
      const headers: IncomingHttpHeaders = { ...incoming.headers, host: upstream.host };
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers,
        },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          const parts: Buffer[] = [];
          response.on('data', (chunk: Buffer) => parts.push(chunk));
          response.on('end', () => {
            recorded.response = Buffer.concat(parts).toString('utf8');
          });
          response.pipe(outgoing);
        },
      );
      forward.on('error', () => outgoing.destroy());
      outgoing.on('close', () => forward.destroy());
      forward.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The content deltas of an SSE chat stream, joined: the answer as the server sent it. */
export function streamedText(sse: string): string {
  let text = '';
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    const chunk = JSON.parse(line.slice(6)) as {
      choices?: Array<{ delta?: { content?: string | null } }>;
    };
    text += chunk.choices?.[0]?.delta?.content ?? '';
  }
  return text;
}
