import type { TextView } from '../invisible-unicode';
import type { Sentence } from '../sentences';
import type { PoisoningCategory } from '../types';

/** One field as a signal reads it: one view of its text, split into sentences. */
export interface FieldText {
  field: string;
  /** `description`, `title`, a parameter's text… : parameter texts get parameter-specific rules. */
  isParameter: boolean;
  view: TextView;
  sentences: Sentence[];
  tool: ToolContext;
}

export interface ToolContext {
  name: string;
  /** Other tools of the same server, never the tool itself. */
  siblings: readonly string[];
  /** The tool's own parameter names and enum values, lower case: mentioning them is the contract. */
  ownTerms: ReadonlySet<string>;
}

/** A finding in view offsets; the scanner maps it back to the original field. */
export interface RawFinding {
  category: PoisoningCategory;
  signal: string;
  weight: number;
  why: string;
  start: number;
  end: number;
}

export type Signal = (field: FieldText) => RawFinding[];

/** Runs `pattern` (global) over each sentence and turns hits into findings on the sentence. */
export function sentenceHits(
  field: FieldText,
  pattern: RegExp,
  make: (sentence: Sentence, match: RegExpExecArray, index: number) => Omit<RawFinding, 'start' | 'end'> | undefined,
): RawFinding[] {
  const out: RawFinding[] = [];
  field.sentences.forEach((sentence, index) => {
    const match = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(sentence.text);
    if (match === null) return;
    const finding = make(sentence, match, index);
    if (finding !== undefined) out.push({ ...finding, start: sentence.start, end: sentence.end });
  });
  return out;
}
