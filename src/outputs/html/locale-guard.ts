/**
 * Runs before the chart library in the HTML report. Some browsers report a language tag that
 * `Intl` rejects: Chromium under `LANG=C.UTF-8` says `en-US@posix`, and `new Intl.NumberFormat`
 * then throws `RangeError: Invalid language tag`, which would stop uPlot from loading at all.
 * When the browser's tag is unusable, this replaces `navigator.language(s)` for the page with
 * the tag cut before `@` or `.` (`en-US`), or `en-US` when even that is unusable. A usable tag is
 * left alone, so numbers keep the reader's own formatting. Plain ES5, like the client script.
 */
export const LOCALE_GUARD_SCRIPT = `(function () {
  'use strict';
  function usable(tag) {
    try {
      new Intl.NumberFormat(tag);
      return typeof tag === 'string' && tag !== '';
    } catch (error) {
      return false;
    }
  }
  var nav = window.navigator;
  if (usable(nav.language)) return;
  var cut = String(nav.language || '').split(/[@.]/)[0].replace(/_/g, '-');
  var fallback = usable(cut) ? cut : 'en-US';
  var languages = [fallback];
  try {
    Object.defineProperty(nav, 'language', { configurable: true, get: function () { return fallback; } });
    Object.defineProperty(nav, 'languages', { configurable: true, get: function () { return languages; } });
  } catch (error) {
    console.warn('inferbench: could not replace the browser language "' + nav.language + '"');
  }
})();
`;
