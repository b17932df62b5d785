import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Timing tests measure real sockets; running files in parallel on two cores would make
    // them measure each other.
    fileParallelism: false,
    pool: 'forks',
  },
});
