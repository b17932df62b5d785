// Saves a report, reads it back and validates it, as a pipeline that stores results and checks
// them later does. A file that was changed by hand, or written by an incompatible version, fails
// validation with the path of every bad field.
// Run: npx tsx examples/validate-saved-report.ts
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchmarkReportSchema, runBenchmark, validateReport, writeJsonReport } from 'inferbench';

const directory = await mkdtemp(join(tmpdir(), 'inferbench-example-'));
try {
  const report = await runBenchmark({
    target: 'mock',
    data: 'prompt_tokens=32,output_tokens=16',
    profile: 'synchronous',
    maxRequests: 5,
  });
  const path = await writeJsonReport(report, directory);
  console.log(`saved ${path}`);

  // Later, maybe in another process: read it back and validate before trusting any number.
  const saved = validateReport(JSON.parse(await readFile(path, 'utf8')));
  const benchmark = saved.benchmarks[0]!;
  console.log(
    `schema ${saved.schemaVersion}, ${saved.status}: TTFT p99 ${benchmark.metrics.ttftMs.successful.percentiles.p99?.toFixed(1)} ms ` +
      `over ${benchmark.requestCounts.successful} requests`,
  );

  // A tampered copy: a percentile that is not a number, and a status that does not exist.
  const tampered = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  tampered['status'] = 'great';
  (
    tampered['benchmarks'] as Array<{
      metrics: { ttftMs: { successful: { percentiles: Record<string, unknown> } } };
    }>
  )[0]!.metrics.ttftMs.successful.percentiles['p99'] = 'fast';
  await writeFile(join(directory, 'tampered.json'), JSON.stringify(tampered));
  const result = BenchmarkReportSchema.safeParse(
    JSON.parse(await readFile(join(directory, 'tampered.json'), 'utf8')),
  );
  if (result.success) throw new Error('a tampered report must not validate');
  for (const issue of result.error.issues)
    console.log(`rejected: ${issue.path.join('.')}: ${issue.message}`);
  if (result.error.issues.length !== 2) process.exit(1);
} finally {
  await rm(directory, { recursive: true, force: true });
}
