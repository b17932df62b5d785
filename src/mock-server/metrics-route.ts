import type { ServerResponse } from 'node:http';
import type { GenerationContext } from './generation.js';
import { sendError } from './http-utils.js';

/**
 * Serves `GET /metrics` as vLLM does: Prometheus text format with vLLM's metric names, types,
 * labels and help texts, from the server's own observations and its engine simulator.
 */
export function serveMetrics(
  context: GenerationContext,
  _request: unknown,
  response: ServerResponse,
): void {
  const metrics = context.metrics;
  if (metrics === undefined) {
    sendError(response, 404, 'invalid_request_error', 'not_found', 'this server has no /metrics');
    return;
  }
  void metrics.render().then(
    (text) => {
      if (response.destroyed) return;
      response.writeHead(200, { 'content-type': metrics.contentType });
      response.end(text);
    },
    (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      sendError(response, 500, 'server_error', 'metrics_failed', reason);
    },
  );
}
