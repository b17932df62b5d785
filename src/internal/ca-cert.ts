import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InferbenchError } from '../errors.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads a PEM file of CA certificates and checks that it holds at least one, each parseable:
 * a key, a DER file or a typo would otherwise only show as a TLS failure at the first request.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` (field `caCertFile`) naming the file and the problem.
 */
export function readCaCert(path: string): Buffer {
  const fail = (why: string, cause?: unknown): never => {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `caCertFile: expected a readable PEM file of CA certificates, received ${JSON.stringify(path)} (${why})`,
      { field: 'caCertFile', ...(cause === undefined ? {} : { cause }) },
    );
  };
  let contents: Buffer;
  try {
    contents = readFileSync(path);
  } catch (error) {
    return fail((error as NodeJS.ErrnoException).code ?? 'unreadable', error);
  }
  const blocks = contents.toString('latin1').match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) fail('no "-----BEGIN CERTIFICATE-----" block in it');
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch (error) {
      fail(`certificate ${index + 1} cannot be parsed: ${(error as Error).message}`, error);
    }
  });
  return contents;
}
