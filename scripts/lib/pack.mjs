// Packs the package as npm would publish it (run `npm run build` first).
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

/** The files `npm pack` would publish, as paths inside the package. */
export function packedFiles() {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(output)[0].files.map((file) => file.path);
}

/** Packs the package into `directory` and returns the tarball's path. */
export function packTarball(directory) {
  const output = execFileSync(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', directory],
    { cwd: root, encoding: 'utf8' },
  );
  return join(directory, JSON.parse(output)[0].filename);
}

/** Runs a command, printing it first; throws with its output when it fails. */
export function run(command, args, options = {}) {
  console.log(`$ ${[command, ...args].join(' ')}`);
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: 'pipe', ...options });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    throw new Error(`${command} ${args.join(' ')} failed (exit ${error.status}):\n${output}`);
  }
}

/** Like {@link run}, without blocking: resolves to stdout, rejects with the command's output. */
export function runAsync(command, args, options = {}) {
  console.log(`$ ${[command, ...args].join(' ')}`);
  return new Promise((resolvePromise, reject) => {
    execFile(
      command,
      args,
      { encoding: 'utf8', maxBuffer: 64 << 20, ...options },
      (error, stdout, stderr) => {
        if (error === null) resolvePromise(stdout);
        else
          reject(
            new Error(
              `${command} ${args.join(' ')} failed (exit ${error.code}):\n${stdout}${stderr}`,
            ),
          );
      },
    );
  });
}
