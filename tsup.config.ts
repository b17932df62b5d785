import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'mock-server': 'src/mock-server/index.ts',
      testing: 'src/testing/index.ts',
      // The mock server's worker thread starts from a file of its own.
      'mock-server-worker': 'src/mock-server/worker-entry.ts',
      // Each request worker thread (`workers` > 1) too.
      'request-worker': 'src/core/workers/worker-entry.ts',
    },
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { composite: false } },
    tsconfig: 'tsconfig.build.json',
    target: 'node20',
    platform: 'node',
    sourcemap: true,
    clean: true,
    splitting: true,
    shims: true,
    // ESM-only packages: bundled, so that the CommonJS build never require()s ESM (Node < 20.19).
    noExternal: ['hyparquet', 'hyparquet-compressors', 'hyparquet-writer'],
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    tsconfig: 'tsconfig.build.json',
    target: 'node20',
    platform: 'node',
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
