// The bench's mock server, in a process of its own: started by `startMockProcess` with its
// options as JSON in argv, it prints its URL on stdout and exits when its parent goes away.
import { createMockServer } from '../../src/mock-server/server.js';
import type { MockServerOptions } from '../../src/mock-server/options.js';

const options = JSON.parse(process.argv[2] ?? '{}') as MockServerOptions;
const server = await createMockServer(options);
process.stdout.write(`${server.url}\n`);
const stop = (): void => void server.close().then(() => process.exit(0));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('message', (message) => {
  if (message === 'stats') process.send?.({ stats: server.stats });
});
