// ESM consumer: every subpath through `import`, then a short benchmark against the mock server.
import { runBenchmark, validateReport, PACKAGE_VERSION } from 'inferbench';
import { createMockServer } from 'inferbench/mock-server';
import { assertSlo, createMockServerFixture } from 'inferbench/testing';
import { createRequire } from 'node:module';

const { version } = createRequire(import.meta.url)('inferbench/package.json');
if (PACKAGE_VERSION !== version) throw new Error(`version ${PACKAGE_VERSION} != ${version}`);
if (typeof createMockServerFixture !== 'function') throw new Error('no createMockServerFixture');
const server = await createMockServer({ ttftMs: 5, itlMs: 1 });
try {
  const report = validateReport(
    await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=8,output_tokens=4',
      maxRequests: 4,
    }),
  );
  assertSlo(report, 'error_rate<=0');
  console.log(`import: ${report.benchmarks[0].requestCounts.successful} requests`);
} finally {
  await server.close();
}
