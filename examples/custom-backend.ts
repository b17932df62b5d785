// A custom Backend for a server that does not speak the OpenAI API: here Ollama's native
// `POST /api/generate`, which streams one JSON object per line. The example starts a tiny
// stand-in for that server so it runs offline; point `baseUrl` at a real Ollama to use it.
// See docs/guides/writing-a-backend.md. Run: npx tsx examples/custom-backend.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  runBenchmark,
  type Backend,
  type BackendRequest,
  type BackendSendOptions,
} from 'inferbench';

/** One line of Ollama's `/api/generate` stream. */
interface GenerateChunk {
  response?: string;
  done?: boolean;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: string;
}

function createOllamaBackend(baseUrl: string, model: string): Backend {
  return {
    name: 'ollama-generate',
    async prepare() {
      const response = await fetch(`${baseUrl}/api/tags`);
      if (!response.ok) throw new Error(`${baseUrl}/api/tags answered ${response.status}`);
      return { model, url: baseUrl };
    },
    async send(request: BackendRequest, { signal, onPart }: BackendSendOptions) {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/api/generate`, {
          method: 'POST',
          signal,
          body: JSON.stringify({
            model,
            prompt: request.prompt,
            stream: true,
            options:
              request.outputTokens === undefined ? {} : { num_predict: request.outputTokens },
          }),
        });
      } catch (error) {
        // Aborted: resolve without an error part. Anything else is a failed request (data).
        if (signal.aborted) return;
        onPart({ type: 'error', code: 'CONNECTION_REFUSED', message: String(error) });
        return;
      }
      onPart({ type: 'headers', httpStatus: response.status });
      if (!response.ok || response.body === null) {
        onPart({
          type: 'error',
          code: 'HTTP_ERROR',
          httpStatus: response.status,
          message: await response.text(),
        });
        return;
      }
      const decoder = new TextDecoder();
      let buffered = '';
      try {
        for await (const bytes of response.body) {
          buffered += decoder.decode(bytes, { stream: true });
          let newline: number;
          // Report each line as soon as it is complete: the core stamps parts as they arrive.
          while ((newline = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (line === '') continue;
            const chunk = JSON.parse(line) as GenerateChunk;
            if (chunk.error !== undefined) {
              onPart({ type: 'error', code: 'STREAM_ERROR', message: chunk.error });
              return;
            }
            if (chunk.response) onPart({ type: 'text', text: chunk.response });
            if (chunk.done) {
              onPart({
                type: 'usage',
                ...(chunk.prompt_eval_count === undefined
                  ? {}
                  : { promptTokens: chunk.prompt_eval_count }),
                ...(chunk.eval_count === undefined ? {} : { outputTokens: chunk.eval_count }),
              });
            }
          }
        }
      } catch (error) {
        if (!signal.aborted)
          onPart({ type: 'error', code: 'STREAM_ERROR', message: String(error) });
      }
    },
    async close() {},
  };
}

// A stand-in for Ollama: words streamed 5 ms apart, NDJSON, with the counts Ollama reports.
const server = createServer((request, response) => {
  if (request.url === '/api/tags') {
    response.setHeader('content-type', 'application/json');
    response.end('{"models":[{"name":"tiny"}]}');
    return;
  }
  // Like Ollama, anything else is a 404 (inferbench probes `<origin>/metrics` for Prometheus
  // text by default and, finding none here, scrapes nothing).
  if (request.method !== 'POST' || request.url !== '/api/generate') {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
    return;
  }
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    const { prompt, options } = JSON.parse(body) as {
      prompt: string;
      options: { num_predict?: number };
    };
    const count = options.num_predict ?? 8;
    response.writeHead(200, { 'content-type': 'application/x-ndjson' });
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < count) {
        response.write(`${JSON.stringify({ response: ` word${sent}`, done: false })}\n`);
        sent++;
        return;
      }
      clearInterval(timer);
      const promptWords = prompt.split(/\s+/).length;
      response.end(
        `${JSON.stringify({ response: '', done: true, prompt_eval_count: promptWords, eval_count: count })}\n`,
      );
    }, 5);
    response.on('close', () => clearInterval(timer));
  });
});
server.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

try {
  const report = await runBenchmark({
    target: baseUrl,
    backend: createOllamaBackend(baseUrl, 'tiny'),
    data: 'prompt_tokens=16,output_tokens=12',
    tokenizer: 'word',
    profile: 'concurrent',
    rate: 2,
    maxRequests: 10,
  });
  const benchmark = report.benchmarks[0]!;
  console.log(
    `${benchmark.requestCounts.successful} requests through ${report.args['resolvedTarget'] ?? baseUrl}`,
  );
  console.log(
    // A statistic is null when its distribution has no samples (no successful request).
    `TTFT p50 ${benchmark.metrics.ttftMs.successful.percentiles.p50?.toFixed(1)} ms, ITL p50 ${benchmark.metrics.itlMs.successful.percentiles.p50?.toFixed(1)} ms`,
  );
  if (benchmark.requestCounts.successful !== 10) process.exit(1);
} finally {
  server.closeAllConnections();
  server.close();
}
