/**
 * How secrets are recognised and what stands in for them: one rule for args echoed in a report,
 * CLI settings shown by `inferbench env`, header values a backend masks, and credentials in a
 * target URL (its `user:password@` and its query string).
 * @internal
 * @module
 */

const SECRET_NAME = /key|token|secret|password|authorization|cookie|credential/i;

/**
 * Query parameter names that carry credentials without saying so in a {@link isSecretName} way:
 * signed URLs (`sig`, `signature`, `X-Amz-Signature`), OAuth codes, shared access signatures.
 */
const SECRET_QUERY_NAME =
  /^(sig|signature|code|auth|sas|jwt|session|sessionid|pass|pwd)$|signature$/i;

/**
 * Request headers whose values are never credentials, so they may be shown as they are. Every
 * other header value (`X-Auth`, `Session`, a gateway's own scheme) is treated as a secret.
 */
export const HARMLESS_HEADER_NAMES: readonly string[] = [
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'connection',
  'content-type',
  'content-language',
  'pragma',
  'user-agent',
  'x-request-id',
];

/** What stands in for a secret in reports, outputs and logs. */
export const REDACTED = '[redacted]';

/**
 * True when a field, header or flag name says its value is a credential (`apiKey`,
 * `Authorization`, `x-api-key`, `--hf-token`, `cookie`, ...).
 */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** True when a URL query parameter of this name may carry a credential (`api_key`, `sig`, …). */
export function isSecretQueryName(name: string): boolean {
  return isSecretName(name) || SECRET_QUERY_NAME.test(name);
}

/** True when a header's value may be shown: its name is on {@link HARMLESS_HEADER_NAMES}. */
export function isHarmlessHeader(name: string): boolean {
  return HARMLESS_HEADER_NAMES.includes(name.toLowerCase());
}

/** Header values as they may be shown: every value but a harmless header's is redacted. */
export function redactHeaders(headers: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      isHarmlessHeader(name) ? value : REDACTED,
    ]),
  );
}

/** The `name=value` parts of a URL's query string, names and values decoded. */
function splitQuery(
  search: string,
): { name: string; encodedName: string; raw: string; value: string }[] {
  return search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part !== '')
    .map((raw) => {
      const equals = raw.indexOf('=');
      const encodedName = equals === -1 ? raw : raw.slice(0, equals);
      const encodedValue = equals === -1 ? '' : raw.slice(equals + 1);
      return { name: safeDecode(encodedName), encodedName, raw, value: safeDecode(encodedValue) };
    });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * The credentials a URL carries, decoded: its password and the values of its secret-looking
 * query parameters, so that a message quoting them can be masked.
 */
export function urlSecrets(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const secrets = splitQuery(parsed.search)
    .filter((part) => isSecretQueryName(part.name) && part.value !== '')
    .map((part) => part.value);
  if (parsed.password !== '') secrets.push(safeDecode(parsed.password));
  return secrets;
}

/**
 * A URL as it may be shown: `user:password@` removed and the value of every query parameter
 * whose name says it carries a credential (`api_key`, `key`, `token`, `access_token`, `sig`,
 * `signature`, `code`, …) replaced by `[redacted]`; anything else is left as it was written.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const query = splitQuery(parsed.search);
  const hasSecretQuery = query.some((part) => isSecretQueryName(part.name));
  if (parsed.username === '' && parsed.password === '' && !hasSecretQuery) return url;
  parsed.username = '';
  parsed.password = '';
  const search = query
    .map((part) => (isSecretQueryName(part.name) ? `${part.encodedName}=${REDACTED}` : part.raw))
    .join('&');
  return `${parsed.origin}${parsed.pathname}${search === '' ? '' : `?${search}`}${parsed.hash}`;
}
