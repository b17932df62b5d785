/**
 * Numbers typed as text (CLI flags, `key=value` lists).
 * @internal
 * @module
 */

/**
 * A number in plain decimal notation (surrounding spaces allowed), or the text itself, so that
 * the option's schema rejects it naming what was typed (`Number('')` is 0 and `Number('0x10')`
 * 16: neither is taken).
 */
export function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : text;
}
