import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Testing from '../../src/testing/index.js';

const root = join(import.meta.dirname, '..', '..');

describe('the built package', () => {
  it('loads through require (CommonJS) with every entry point', () => {
    const require = createRequire(join(root, 'package.json'));
    const main = require('inferbench') as Record<string, unknown>;
    expect(typeof main['runBenchmark']).toBe('function');
    expect(typeof main['BenchmarkReportSchema']).toBe('object');
    expect(
      typeof (require('inferbench/mock-server') as Record<string, unknown>)['createMockServer'],
    ).toBe('function');
    expect(
      typeof (require('inferbench/testing') as Record<string, unknown>)['runAgainstMockServer'],
    ).toBe('function');
  });

  // Jest's module system, and Node before 20.19, cannot require() an ES module: the CommonJS
  // build must not require one, bundled dependency or not. Node's flag turns require(esm) off.
  it('loads through require (CommonJS) where require() cannot load ES modules', () => {
    const script = [
      "const main = require('inferbench');",
      "const mock = require('inferbench/mock-server');",
      "const testing = require('inferbench/testing');",
      'console.log(typeof main.runBenchmark, typeof main.preprocessDataset, typeof mock.createMockServer, typeof testing.assertSlo);',
    ].join(' ');
    const output = execFileSync(
      process.execPath,
      ['--no-experimental-require-module', '-e', script],
      { cwd: root, encoding: 'utf8' },
    );
    expect(output.trim()).toBe('function function function function');
  });

  it('loads through import (ESM) with every entry point', async () => {
    const main = (await import(join(root, 'dist', 'index.js'))) as Record<string, unknown>;
    expect(typeof main['runBenchmark']).toBe('function');
    const mock = (await import(join(root, 'dist', 'mock-server.js'))) as Record<string, unknown>;
    expect(typeof mock['createMockServer']).toBe('function');
  });

  it('reports the version package.json declares', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const main = (await import(join(root, 'dist', 'index.js'))) as { PACKAGE_VERSION: string };
    expect(main.PACKAGE_VERSION).toBe(pkg.version);
  });

  it('runs a benchmark from the CommonJS build against the mock server', async () => {
    const require = createRequire(join(root, 'package.json'));
    const { runAgainstMockServer } = require('inferbench/testing') as typeof Testing;
    const { report, serverStats } = await runAgainstMockServer(
      { maxRequests: 4, data: 'prompt_tokens=8,output_tokens=4' },
      { ttftMs: 2, itlMs: 1 },
    );
    expect(report.benchmarks[0]!.requestCounts.successful).toBe(4);
    expect(serverStats).toBeDefined();
  });
});
