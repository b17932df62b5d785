// A Progress sink that feeds a web page over server-sent events, as a dashboard wrapping
// inferbench would. Open the printed URL while it runs to watch live numbers; the script also
// reads its own event stream, as a browser would, and checks that snapshots arrived.
// Run: npx tsx examples/progress-server-sent-events.ts   (DURATION_S=30 for a longer run)
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runBenchmark, type Progress } from 'inferbench';

const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>inferbench live</title></head>
<body><h1>inferbench live</h1><pre id="state">waiting…</pre><script>
const state = document.getElementById('state');
const source = new EventSource('/events');
source.addEventListener('snapshot', (event) => {
  const s = JSON.parse(event.data);
  state.textContent = (s.elapsedMs / 1000).toFixed(1) + ' s: ' + s.successful + ' done, ' + s.inFlight + ' in flight';
});
source.addEventListener('run-end', () => { state.textContent += '\\nrun finished'; source.close(); });
</script></body></html>`;

const clients = new Set<ServerResponse>();
function broadcast(event: string, data: unknown): void {
  const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  for (const client of clients) client.write(frame);
}

const server = createServer((request, response) => {
  if (request.url === '/events') {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write(': connected\n\n');
    clients.add(response);
    request.on('close', () => clients.delete(response));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(PAGE);
});
server.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
console.log(`live progress at ${url}`);

// Hooks are synchronous and cheap: they only serialise and write; nothing waits on a browser.
const sseProgress: Progress = {
  onBenchmarkStart: (event) => broadcast('benchmark-start', event),
  onSnapshot: (event) => broadcast('snapshot', event),
  onBenchmarkEnd: (event) => broadcast('benchmark-end', { index: event.benchmark.index }),
  onRunEnd: (event) => broadcast('run-end', { status: event.report.status }),
};

// Read our own stream like a browser's EventSource does, counting events by name.
const seen = new Map<string, number>();
const events = await fetch(`${url}/events`);
const reading = (async () => {
  const decoder = new TextDecoder();
  for await (const bytes of events.body!) {
    for (const match of decoder.decode(bytes, { stream: true }).matchAll(/^event: (.+)$/gm)) {
      seen.set(match[1]!, (seen.get(match[1]!) ?? 0) + 1);
    }
    if (seen.has('run-end')) return;
  }
})();

try {
  await runBenchmark({
    target: 'mock',
    data: 'prompt_tokens=32,output_tokens=16',
    profile: 'constant',
    rate: 20,
    maxSeconds: Number(process.env['DURATION_S'] ?? 2),
    progress: [sseProgress],
  });
  await reading;
} finally {
  for (const client of clients) client.end();
  server.close();
}
console.log(`events received: ${[...seen].map(([name, count]) => `${name} ×${count}`).join(', ')}`);
if ((seen.get('snapshot') ?? 0) < 2 || seen.get('run-end') !== 1) process.exit(1);
