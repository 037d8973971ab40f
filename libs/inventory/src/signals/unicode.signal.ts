import { invisibleRuns, type InvisibleRun } from '../invisible-unicode';
import type { RawFinding } from './signal';

/** Weight of a run by kind and count; see invisible-unicode.ts for why kinds differ. */
function weigh(run: InvisibleRun): number {
  switch (run.kind) {
    case 'tag':
      return 0.95;
    case 'bidi-override':
      return 0.9;
    case 'bidi-embedding':
      return run.count >= 2 ? 0.6 : 0.3;
    case 'zero-width':
      return run.count >= 3 ? 0.85 : 0.3;
    case 'variation-selector':
      return run.count >= 3 ? 0.8 : 0.2;
    case 'filler':
      return run.count >= 3 ? 0.6 : 0.25;
  }
}

const LABEL: Record<InvisibleRun['kind'], string> = {
  tag: 'Unicode tag characters (U+E0000–E007F), invisible but read by the model',
  'bidi-override': 'bidi override characters that reorder how the text is displayed',
  'bidi-embedding': 'bidi embedding/isolate characters',
  'zero-width': 'zero-width or direction-mark characters',
  'variation-selector': 'variation selectors outside emoji',
  filler: 'invisible filler characters',
};

/** Invisible characters in the raw text of one field, in original offsets. */
export function invisibleCharacters(text: string): RawFinding[] {
  const out: RawFinding[] = invisibleRuns(text).map((run) => ({
    category: 'unicode_hidden',
    signal: `unicode-${run.kind}`,
    weight: weigh(run),
    why: `${run.count} ${LABEL[run.kind]}`,
    start: run.start,
    end: run.end,
  }));
  // A long run of spaces inside a line pushes the rest of it off-screen in most UIs.
  for (const match of text.matchAll(/[^\s] {40,}[^\s]/g)) {
    out.push({
      category: 'concealment',
      signal: 'whitespace-padding',
      weight: 0.3,
      why: `${match[0].length - 2} spaces push the following text out of view`,
      start: match.index ?? 0,
      end: (match.index ?? 0) + match[0].length,
    });
  }
  return out;
}
