import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** How to start a worker thread: a file, or code to evaluate (see {@link workerScript}). */
export interface WorkerScript {
  script: string | URL;
  /** `script` is code for `new Worker(script, { eval: true })`. */
  evaluated: boolean;
}

/**
 * The entry of a worker thread whose code lives beside the caller: the built file `builtName`
 * (`.js` or `.cjs`, as the caller was built) in the caller's folder, or, when the caller runs from
 * TypeScript sources (tests, tsx), the source entry `sourceEntry` loaded through tsx.
 *
 * @param here - The caller's `import.meta.url`: built code is split into chunks, so only the
 *   caller knows which folder it runs from.
 */
export function workerScript(here: string, sourceEntry: string, builtName: string): WorkerScript {
  if (here.endsWith('.ts')) {
    const entry = new URL(sourceEntry, here).href;
    // The ESM build of tsx's API: its CommonJS build cannot register hooks in a worker.
    const tsx = pathToFileURL(
      createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
    const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    return { script: code, evaluated: true };
  }
  const extension = here.endsWith('.cjs') ? '.cjs' : '.js';
  return { script: new URL(`./${builtName}${extension}`, here), evaluated: false };
}
