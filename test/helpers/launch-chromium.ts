import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sparticuzChromium from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, used when the machine has it. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

const root = join(import.meta.dirname, '..', '..');

/** Where a Chromium comes from: the system's, or the one shipped inside an npm package. */
export interface ChromiumExecutable {
  path: string;
  source: 'system' | 'npm';
  /** Environment the browser needs (fonts of the packaged build). */
  env: Record<string, string>;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Unpacks the brotli-compressed Chromium of `@sparticuz/chromium` once per package version into
 * node_modules/.cache. The package unpacks into `os.tmpdir()`, so it is pointed at a private
 * folder that is renamed into place when complete: concurrent test processes never see half a
 * binary, and another version left in /tmp is never picked up.
 */
async function unpackNpmChromium(): Promise<string> {
  const require = createRequire(import.meta.url);
  // The package exports no ./package.json; it sits two folders above its CommonJS entry.
  const manifest = join(
    dirname(require.resolve('@sparticuz/chromium')),
    '..',
    '..',
    'package.json',
  );
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const cacheRoot = join(root, 'node_modules', '.cache', 'inferbench-chromium');
  const target = join(cacheRoot, version);
  const binary = join(target, 'chromium');
  if (isExecutable(binary)) return target;
  await mkdir(cacheRoot, { recursive: true });
  const staging = await mkdtemp(join(cacheRoot, `.${version}-`));
  const previousTmpdir = process.env['TMPDIR'];
  process.env['TMPDIR'] = staging;
  try {
    await sparticuzChromium.executablePath();
  } finally {
    if (previousTmpdir === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previousTmpdir;
  }
  try {
    await rename(staging, target);
  } catch (error) {
    // Another process finished first: its copy is complete, drop ours.
    await rm(staging, { recursive: true, force: true });
    if (!isExecutable(binary)) throw error;
  }
  return target;
}

/**
 * Finds a headless Chromium with nothing but npm: Debian's `/usr/bin/chromium` when present,
 * else the build shipped in the `@sparticuz/chromium` devDependency.
 */
export async function findChromium(): Promise<ChromiumExecutable> {
  if (existsSync(SYSTEM_CHROMIUM) && isExecutable(SYSTEM_CHROMIUM)) {
    return { path: SYSTEM_CHROMIUM, source: 'system', env: {} };
  }
  const folder = await unpackNpmChromium();
  return {
    path: join(folder, 'chromium'),
    source: 'npm',
    env: { FONTCONFIG_PATH: join(folder, 'fonts') },
  };
}

/**
 * Launches headless Chromium through Playwright with a fresh profile and no network services.
 * `env` is added to the browser's environment (e.g. `LANG`).
 */
export async function launchChromium(env: Record<string, string> = {}): Promise<Browser> {
  const executable = await findChromium();
  return chromium.launch({
    executablePath: executable.path,
    env: { ...process.env, ...executable.env, ...env },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
