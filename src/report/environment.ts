import { availableParallelism, cpus } from 'node:os';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import type { Environment } from './report-schema.js';

/** Where this report is being produced: this package, Node.js, platform, architecture, CPUs. */
export function currentEnvironment(): Environment {
  return {
    package: { name: PACKAGE_NAME, version: PACKAGE_VERSION },
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    // availableParallelism respects CPU affinity (e.g. a container's cpuset); cpus() is the
    // fallback for runtimes that lack it.
    cpuCount: typeof availableParallelism === 'function' ? availableParallelism() : cpus().length,
  };
}
