/**
 * Cue families shared by the signals. None flags anything alone: a tool's own contract
 * uses obligations and imperatives too ("paths must be absolute", "You MUST call this
 * function before …"). They qualify a payload (a secret, a destination, another tool).
 */

/** The sentence obliges the reader — the model — to do something. */
export const OBLIGATION =
  /\b(?:you (?:must|should|need to|have to|are (?:required|expected|instructed) to|will need to)|must|always|make sure|ensure (?:that|to)|be sure to|it(?:'s| is) (?:critical|mandatory|required|essential|crucial|important|necessary)|(?:is|are) (?:mandatory|required|essential)|mandatory|every time|automatically|please)\b/i;

/** Verbs that move data somewhere: into an argument, a message, a store, an answer. */
export const MOVE_VERB =
  /\b(?:pass(?:es|ed|ing)?|include[sd]?|including|put(?:s|ting)?|send(?:s|ing)?|sent|append(?:s|ed|ing)?|attach(?:es|ed|ing)?|cop(?:y|ies|ied)|stor(?:e|es|ed|ing)|sav(?:e|es|ed|ing)|submit(?:s|ted|ting)?|upload(?:s|ed|ing)?|post(?:s|ed|ing)?|restat(?:e|es|ed|ing)|repeat(?:s|ed|ing)?|echo|fill|forward(?:s|ed|ing)?|transmit|leak|log|encode[sd]?|embed|mirror(?:ed)?|set (?:this|it|the \w+) to|add (?:it|them|this) to)\b/i;

/** Verbs that obtain data the tool itself does not need. */
export const ACQUIRE_VERB = /\b(?:read(?:ing)?|cat|open|look in|load|dump|print|collect|gather|access|fetch|retrieve|grab|extract)\b/i;

/** Verbs that change a file or setting on the user's machine. */
export const WRITE_VERB = /\b(?:add(?:ing)?|append(?:ing)?|writ(?:e|ing)|modify(?:ing)?|edit(?:ing)?|overwrite|insert(?:ing)?|replace)\b/i;

/** A negation shortly before a match ("do not include API keys") makes it a safety rule. */
export function negatedBefore(sentence: string, index: number): boolean {
  const before = sentence.slice(Math.max(0, index - 40), index);
  return /\b(?:do not|don't|never|avoid|without|must not|should not|shouldn't|cannot|can't|no)\b[^,;:]*$/i.test(before);
}

/** First match of `pattern` that is not negated, or undefined. */
export function firstUnnegated(sentence: string, pattern: RegExp): RegExpExecArray | undefined {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  for (const match of sentence.matchAll(global)) {
    if (!negatedBefore(sentence, match.index ?? 0)) return match as RegExpExecArray;
  }
  return undefined;
}

/** Short quote of a match for a `why`. */
export function quote(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `"${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}"`;
}
