/**
 * Matching argument values against content. Content is only lower-cased (so offsets stay
 * those of the original text); values are lower-cased, trimmed and stripped of URL
 * scheme and `www.`, so `http://www.x.com/a/` finds `www.x.com/a` in a page.
 */
export function normaliseNeedle(raw: string): string {
  let value = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^www\./, '');
  value = value.replace(/^mailto:/, '');
  if (value.length > 1) value = value.replace(/[/.,;:!?)\]}'"]+$/, '');
  return value;
}

/** Characters that glue a match to a longer word or host name (`true-informations.com`). */
const WORD = /[\p{L}\p{N}_-]/u;

/** Offsets of `needle` in `haystack` (both lower-case) not glued to a longer word. */
export function findOccurrences(haystack: string, needle: string, limit = 8): number[] {
  const found: number[] = [];
  if (needle === '') return found;
  const checkStart = WORD.test(needle[0] as string);
  const checkEnd = WORD.test(needle[needle.length - 1] as string);
  let from = 0;
  while (found.length < limit) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) break;
    const before = at > 0 ? (haystack[at - 1] as string) : ' ';
    const after = at + needle.length < haystack.length ? (haystack[at + needle.length] as string) : ' ';
    if ((!checkStart || !WORD.test(before)) && (!checkEnd || !WORD.test(after))) found.push(at);
    from = at + 1;
  }
  return found;
}

export function containsValue(haystack: string, needle: string): boolean {
  return findOccurrences(haystack, needle, 1).length > 0;
}
