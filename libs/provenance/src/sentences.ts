/** A sentence or line of content, by offsets into the original text. */
export interface Span {
  start: number;
  end: number;
}

const MAX_SENTENCE_CHARS = 600;

/**
 * Splits text into sentence-like spans: after `.`, `!` or `?` followed by whitespace, at
 * blank lines, and at a single line break only when the next line opens a list item or
 * a `key:` field (YAML, or `"key":` and braces in pretty-printed JSON) — a wrapped line (YAML, e-mail, fixed-width text) stays one sentence.
 * Long unbroken runs are cut so one span never covers a page.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  const boundary = /\n\s*\n\s*|\n(?=\s*(?:[-*•·>]|\d+[.)]|#|[\p{L}_][\p{L}\p{N}_ -]{0,30}:\s|"[\p{L}_][\p{L}\p{N}_ -]{0,30}"\s*:|[{}[\]]|<))|[.!?]+(?=\s)|[.!?]+$/gu;
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const end = (match.index ?? 0) + match[0].length;
    pushSpan(spans, text, start, end);
    start = end;
  }
  pushSpan(spans, text, start, text.length);
  return spans;
}

function pushSpan(spans: Span[], text: string, start: number, end: number): void {
  for (let from = start; from < end; from += MAX_SENTENCE_CHARS) {
    const to = Math.min(end, from + MAX_SENTENCE_CHARS);
    if (text.slice(from, to).trim() !== '') spans.push({ start: from, end: to });
  }
}

/** Index of the span holding `offset` (spans are sorted), or -1. */
export function spanIndexAt(spans: Span[], offset: number): number {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const span = spans[mid] as Span;
    if (offset < span.start) high = mid - 1;
    else if (offset >= span.end) low = mid + 1;
    else return mid;
  }
  return -1;
}

/** A readable excerpt of a span, cut around `offset` when long. */
export function excerpt(text: string, span: Span, offset: number, max = 240): string {
  const raw = text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
  if (raw.length <= max) return raw;
  const centre = Math.max(0, Math.min(raw.length - max, offset - span.start - max / 2));
  return (centre > 0 ? '…' : '') + raw.slice(centre, centre + max) + (centre + max < raw.length ? '…' : '');
}
