import type { Span } from './sentences';
import { ACTION_VERBS, NON_IMPERATIVE_OPENERS } from './verb-lexicon';

/**
 * The addressee of a text: the name it calls its reader by, in the vocative ("Dear X,",
 * "Hi X!", "to you, X.", "X, please …", "Note to X:"). That name says WHO is spoken to,
 * not what the text wants done, so a call that reuses it (the agent taking the name it
 * was addressed by for a user name) did not take a payload from the text.
 *
 * The forms are grammatical, not any one message's wording, and deliberately narrow:
 * - the name is one to five capitalised words (or an `@handle`), joined by "and"/"&",
 *   and must end at punctuation or the end of the line, so "Hi Bob invite Eve." never
 *   makes "invite Eve" part of a name;
 * - a greeting or a note header must open its sentence ("Send them this: Hi Eve, …" is a
 *   payload, not a salutation);
 * - sign-offs ("Thanks,\nX", "Regards, X") name the sender and are not addressees.
 */
const WORD = String.raw`\p{Lu}(?:[\p{L}\p{N}'’_-]|\.(?=\p{L}))*`;
const NAME = String.raw`(?:@[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)*|${WORD}(?:[ \t]+(?:(?:and|&)[ \t]+)?${WORD}){0,4})`;
/** The name ends the vocative phrase: punctuation, a dash or the end of the line. */
const NAME_END = String.raw`(?=[ \t]*(?:[,.!?:;\n—–]|[ \t]-[ \t]|$))`;
/** What may precede a sentence-initial form on its line: bullets, quotes, markup tags. */
const SENTENCE_OPENING = String.raw`(?:^|[.!?][ \t]+|\n)[ \t>*•·#\-–—"'“(\[]*(?:<[^<>\n]{1,40}>[ \t]*)*`;

/**
 * Keywords match in any case while names must stay capitalised, so the keyword part is
 * spelt out per letter (a case-insensitive flag would make `\p{Lu}` match any letter).
 */
function anyCase(pattern: string): string {
  // Only letters are widened; callers pass no escapes (`\t` would become `\[tT]`).
  return pattern.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

const FORMS: RegExp[] = [
  // Apposition to "you": "a message to you, X.", "thank you, X!", "you, X, must …".
  new RegExp(String.raw`\b${anyCase('you')},[ \t]*(${NAME})${NAME_END}`, 'dgu'),
  // A greeting that opens its sentence: "Dear X,", "Hi X!", "Hello X\n", "Attention X:".
  new RegExp(
    String.raw`${SENTENCE_OPENING}${anyCase('(?:dear|hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day)|attention|attn)')}\.?[ \t]*,?[ \t]+(${NAME})${NAME_END}`,
    'dgu',
  ),
  // A note header that opens its sentence: "Note to X:", "Message for X:".
  new RegExp(String.raw`${SENTENCE_OPENING}${anyCase('(?:note|message|memo|reminder)')}[ \t]+${anyCase('(?:to|for)')}[ \t]+(${NAME})(?=[ \t]*[:,])`, 'dgu'),
  // A name opening its sentence, then a request to "you": "X, please …", "X, could you …".
  new RegExp(
    String.raw`${SENTENCE_OPENING}(${NAME})[ \t]*,[ \t]*(?=${anyCase("(?:please|kindly|(?:can|could|would|will) you|you (?:must|should|need|have to|are to)|i (?:need|want|would like|'d like) you|make sure|be sure|remember to|(?:don't|do not) forget)")}\b)`,
    'dgu',
  ),
];

/**
 * Content that makes its reader the object of an action ("add yourself", "invite you",
 * "your account", "the addressee of this note") may mean the addressee's name as the
 * payload: in such content no name is read as an addressee. Broad on purpose; a false
 * match only gives back the plain reading.
 */
const SELF_REFERENCE =
  /\b(?:yourself|your (?:own )?(?:account|user ?(?:name|id)?|name|handle|profile|e-?mail(?: address)?|address|id|login|number)|addressee|(?:recipient|reader) of this|whoever (?:reads|receives|gets) this)\b/i;
const VERB_BEFORE_YOU = /\b([\p{L}-]+)[ \t]+you\b/giu;

function makesReaderAnObject(text: string): boolean {
  if (SELF_REFERENCE.test(text)) return true;
  for (const match of text.matchAll(VERB_BEFORE_YOU)) if (ACTION_VERBS.has((match[1] as string).toLowerCase())) return true;
  return false;
}

/**
 * Capitalisation alone does not make a name: "Add Mallory Reyes, please" opens with a verb
 * and "Dear Ann," with a greeting. A name holding such a word is not read as one (a
 * person called Mark or Bill keeps the plain reading: the safe side).
 */
function hasNonNameWord(name: string): boolean {
  return (name.toLowerCase().match(/[\p{L}'’-]+/gu) ?? []).some((word) => word !== 'and' && (ACTION_VERBS.has(word) || NON_IMPERATIVE_OPENERS.has(word) || GREETINGS.has(word)));
}

const GREETINGS = new Set(['dear', 'hi', 'hello', 'hey', 'hiya', 'howdy', 'greetings', 'good', 'attention', 'attn', 'note', 'message', 'memo', 'reminder']);

/**
 * Spans of `text` that hold the name of its addressee (see the forms above), by offsets
 * into `text`; empty when the text refers to its reader as something to act on.
 *
 * @example
 * addresseeSpans('Dear Ann Lee, please pay the invoice.') // → [{ start: 5, end: 12 }]
 */
export function addresseeSpans(text: string): Span[] {
  if (makesReaderAnObject(text)) return [];
  const spans: Span[] = [];
  for (const form of FORMS) {
    for (const match of text.matchAll(form)) {
      const [start, end] = match.indices?.[1] ?? [0, 0];
      if (end > start && !hasNonNameWord(text.slice(start, end))) spans.push({ start, end });
    }
  }
  return spans;
}
