import { readFileSync } from 'node:fs';
import { InferbenchError } from '../errors.js';

/**
 * Reads a PEM file of CA certificates to trust for a target (the backend's and the server
 * tokenizer's connections alike).
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` naming `caCert` when the file cannot be read.
 */
export function readCaCert(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `caCert: expected a readable PEM file of CA certificates, received ${JSON.stringify(path)} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      { field: 'caCert', cause: error },
    );
  }
}
