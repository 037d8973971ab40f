/**
 * Prose-like text of a given size for tool arguments and results. Not one repeated
 * character: the emitter's secret redactor scans every string with regular expressions,
 * and their cost depends on what the text looks like.
 */
const WORDS =
  'the quarterly report lists revenue by region and the agent summarises it for the weekly review ' +
  'meeting while the calendar tool checks free slots for Thursday and the mail tool drafts a reply ' +
  'to Bob about the project sync with links to the shared folder and the open tickets ';

export function proseOfBytes(bytes: number, salt = 0): string {
  let text = `#${salt} `;
  while (text.length < bytes) text += WORDS;
  return text.slice(0, bytes);
}
