import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** A plain HTTP server a test started, and the requests it received (`METHOD /path`). */
export interface TestServer {
  url: string;
  requests(): string[];
}

/**
 * Plain `node:http` servers on 127.0.0.1, port 0, for targets the mock server cannot play (an
 * HTML page, a listing without the model, a server that never answers). Call once at the top of
 * a file: every server a test starts is closed after it.
 */
export function useHttpServers(): {
  listen(
    handler: (request: IncomingMessage, response: ServerResponse) => void,
  ): Promise<TestServer>;
} {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
  return {
    async listen(handler) {
      const seen: string[] = [];
      const server = createServer((request, response) => {
        seen.push(`${request.method} ${request.url}`);
        handler(request, response);
      });
      servers.push(server);
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests: () => [...seen],
      };
    },
  };
}
