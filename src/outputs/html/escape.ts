const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

/**
 * Serialises a value as JSON that is safe inside an HTML `<script>` element: `<`, `>` and `&`
 * become `\u` escapes (so no `</script>` or `<!--` can end or bend the element), and so do
 * U+2028 and U+2029 (line terminators in older JavaScript parsers). `JSON.parse` reads it back
 * unchanged.
 */
export function serializeJsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => {
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * Makes JavaScript source safe to inline in a `<script>` element: a `</script` inside a string
 * or comment would end the element early, so its slash is escaped (`<\/script`, the same string
 * to JavaScript).
 */
export function inlineScriptSource(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}
