/** Keeps credentials out of the messages a backend produces (error parts and setup errors). */
import { REDACTED } from './secret-names.js';

/** Shorter values are too likely to occur by chance in a message to be worth masking. */
const MIN_SECRET_LENGTH = 4;
/** `Bearer <token>`, `Basic <token>` and `api-key: <value>`-like fragments, whoever sent them. */
const CREDENTIAL_PATTERN =
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+|\b((?:x-)?api[-_]?key|authorization)(["']?\s*[:=]\s*["']?)(?:(?:Bearer|Basic)\s+)?[^\s"',;]+/gi;

/** Masks secrets in message text. */
export type Redactor = (text: string) => string;

/**
 * Creates a redactor that masks each given secret value wherever it appears (also URL-encoded)
 * and any bearer/basic credential or `api-key=`/`authorization:` value, e.g. a server that
 * echoes the key it rejected in its 401 message.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const values = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    values.add(secret);
    values.add(encodeURIComponent(secret));
  }
  // Longest first, so that a secret holding another one is masked whole.
  const ordered = [...values].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out.replace(CREDENTIAL_PATTERN, (match, scheme: string | undefined, name, sep) =>
      scheme !== undefined ? `${scheme} ${REDACTED}` : `${String(name)}${String(sep)}${REDACTED}`,
    );
  };
}
