/** A sentence-like span of a text, by offsets. */
export interface Sentence {
  start: number;
  end: number;
  text: string;
}

const MAX_SENTENCE_CHARS = 500;

/**
 * Splits after `.`, `!`, `?` or `;`-free sentence ends followed by whitespace, at blank
 * lines, and at a line break that opens a list item, heading, `KEY:` label or tag: a
 * wrapped line stays in its sentence, a new instruction does not ride on the previous one.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  const boundary = /\n\s*\n\s*|\n(?=\s*(?:[-*•·>]|\d+[.)]|#|\[|[\p{L}_][\p{L}\p{N}_ -]{0,30}:\s|<))|[.!?]+(?=\s)|[.!?]+$/gu;
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const end = (match.index ?? 0) + match[0].length;
    push(sentences, text, start, end);
    start = end;
  }
  push(sentences, text, start, text.length);
  return sentences;
}

function push(sentences: Sentence[], text: string, start: number, end: number): void {
  for (let from = start; from < end; from += MAX_SENTENCE_CHARS) {
    const to = Math.min(end, from + MAX_SENTENCE_CHARS);
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed !== '') sentences.push({ start: from + lead, end: from + lead + trimmed.length, text: trimmed });
  }
}
