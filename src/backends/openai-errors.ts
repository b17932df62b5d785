import { STATUS_CODES } from 'node:http';

import { shorten } from '../internal/messages.js';
import { errorMessageOf } from '../protocols/openai/chunk-parser.js';
import type { RequestErrorCode } from '../spec/errors.js';

/** A request failure as an error part carries it. */
export interface ClassifiedError {
  code: RequestErrorCode;
  message: string;
}

/** Transport error codes (Node and undici) mapped to our stable request error codes. */
const CODES: Readonly<Record<string, RequestErrorCode>> = {
  ECONNREFUSED: 'CONNECTION_REFUSED',
  ECONNRESET: 'CONNECTION_RESET',
  ECONNABORTED: 'CONNECTION_RESET',
  EPIPE: 'CONNECTION_RESET',
  UND_ERR_SOCKET: 'CONNECTION_RESET',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'CONNECTION_RESET',
  ETIMEDOUT: 'TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'TIMEOUT',
};

/** OpenSSL and Node codes of a certificate that failed verification. */
const TLS_CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** True for an error code that says the server's TLS certificate could not be verified. */
export function isTlsCertificateCode(code: string): boolean {
  return TLS_CERT_CODES.has(code);
}

/** The first Node/undici `code` found on an error, its causes or its aggregated errors. */
function findCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const { code } = error as { code?: unknown };
  if (
    typeof code === 'string' &&
    (code in CODES || code.startsWith('HPE_') || TLS_CERT_CODES.has(code))
  ) {
    return code;
  }
  // Happy-eyeballs connects fail with an AggregateError holding one error per address.
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) {
    for (const inner of nested) {
      const found = findCode(inner, depth + 1);
      if (found !== undefined) return found;
    }
  }
  const found = findCode((error as { cause?: unknown }).cause, depth + 1);
  if (found !== undefined) return found;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Classifies an error thrown by the HTTP client: refused, reset, timed out, unparsable
 * response, or any other client failure. The message names the low-level code and never
 * holds request headers.
 */
export function classifyTransportError(error: unknown): ClassifiedError {
  const code = findCode(error);
  const detail = error instanceof Error && error.message !== '' ? error.message : String(error);
  const message = shorten(
    code === undefined || detail.includes(code) ? detail : `${detail} (${code})`,
  );
  if (code !== undefined) {
    const mapped = CODES[code];
    if (mapped !== undefined) return { code: mapped, message };
    if (code.startsWith('HPE_')) return { code: 'INVALID_RESPONSE', message };
    if (TLS_CERT_CODES.has(code)) {
      const hint =
        'pass caCertFile (--ca-cert) to trust its CA, or insecure (--insecure) to skip verification';
      return {
        code: 'CLIENT_ERROR',
        message: shorten(`TLS certificate verification failed: ${message}; ${hint}`),
      };
    }
  }
  return { code: 'CLIENT_ERROR', message };
}

/**
 * A short message for a non-2xx response: the server's own error message when its body is a
 * JSON error object, else the start of the body, else the status text.
 */
export function httpErrorMessage(status: number, body: string): string {
  const head = `HTTP ${status}`;
  let fromJson: string | undefined;
  try {
    fromJson = errorMessageOf(JSON.parse(body));
  } catch {
    fromJson = undefined;
  }
  const text = fromJson ?? shorten(body);
  if (text !== '') return `${head}: ${text}`;
  const reason = STATUS_CODES[status];
  return reason === undefined ? head : `${head} ${reason}`;
}
