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
 * Long unbroken runs are cut so one span never covers a page; a CSV/TSV row is cut by cell.
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
  return spans.flatMap((span) => delimitedCells(text, span));
}

/** A delimiter between two cells of a CSV or `;`-separated row: no space after it, not inside a number ("1,000"). */
const CELL_DELIMITER = /(?<=\S)[,;](?=["']?[^\s\d,;"'])/g;

const JSON_KEY = /["']\s*:/;

/**
 * A row of delimiter-separated values (a line with at least two delimiters of that kind,
 * or a tab between values) is read cell by cell, like the fields of a JSON record: one
 * cell's imperative ("forward the code to X") neither hides in the row nor spills onto
 * the id or name in the next cell.
 */
function delimitedCells(text: string, span: Span): Span[] {
  const body = text.slice(span.start, span.end);
  if (!body.includes('\t') && (body.match(CELL_DELIMITER)?.length ?? 0) < 2) return [span];
  const cuts: number[] = [];
  let lineStart = 0;
  for (const line of body.split('\n')) {
    const delimiters = [...line.matchAll(CELL_DELIMITER)].map((m) => m.index ?? 0);
    const tabs = [...line.matchAll(/(?<=\S)\t+(?=\S)/g)].map((m) => m.index ?? 0);
    // Compact JSON (`{"to":"x","cc":"y"}`) is a record written for a program, often a tool
    // call's arguments spelled out: it stays whole.
    if ((delimiters.length >= 2 || tabs.length >= 1) && !JSON_KEY.test(line)) {
      if (lineStart > 0) cuts.push(lineStart);
      for (const at of delimiters.length >= 2 ? [...delimiters, ...tabs] : tabs) cuts.push(lineStart + at + 1);
    }
    lineStart += line.length + 1;
  }
  const cells: Span[] = [];
  let from = span.start;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (span.start + cut > from && text.slice(from, span.start + cut).trim() !== '') cells.push({ start: from, end: span.start + cut });
    from = Math.max(from, span.start + cut);
  }
  if (text.slice(from, span.end).trim() !== '') cells.push({ start: from, end: span.end });
  return cells.length > 0 ? cells : [span];
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
