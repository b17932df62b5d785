/**
 * How secrets are recognised by name and what stands in for them: one rule for args echoed in a
 * report, CLI settings shown by `inferbench env`, and header values a backend masks.
 * @internal
 * @module
 */

const SECRET_NAME = /key|token|secret|password|authorization|cookie|credential/i;

/** What stands in for a secret in reports, outputs and logs. */
export const REDACTED = '[redacted]';

/**
 * True when a field, header or flag name says its value is a credential (`apiKey`,
 * `Authorization`, `x-api-key`, `--hf-token`, `cookie`, ...).
 */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Removes `user:password@` from a URL string, leaving anything else untouched. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}
