import type { ContentItem, OccurrenceReading } from './content-item';
import type { SessionState } from './session-state';
import { INSTRUCTION_MIN } from './thresholds';
import type { ArgumentValue } from './types';

/** The mask the ledger's redaction leaves for a secret (`[REDACTED:password]`). */
const MASK = /^\s*\[REDACTED:[a-z0-9_]+\]\s*$/i;

export function isMasked(value: ArgumentValue): boolean {
  return MASK.test(value.raw);
}

const MAX_PER_ITEM = 4;

export interface ActionNamingOccurrence {
  item: ContentItem;
  reading: OccurrenceReading;
}

/**
 * Sentences of earlier content that read as instructions and name every meaningful word
 * of the tool's name ("change the online-banking password" for `change_password`). Used
 * for a write whose values were masked before the engine saw them (a new password, a
 * token): with no value left to trace, the instruction naming the action is all there is.
 */
export function actionNamingInstructions(state: SessionState, before: number, toolWords: readonly string[]): ActionNamingOccurrence[] {
  const found: ActionNamingOccurrence[] = [];
  const [first] = toolWords;
  if (first === undefined || toolWords.length < 2) return found;
  for (const item of state.items) {
    if (item.seq >= before) break;
    if (!state.inContext(item)) continue;
    let from = 0;
    for (let n = 0; n < MAX_PER_ITEM; n += 1) {
      const at = item.lower.indexOf(first, from);
      if (at < 0) break;
      from = at + first.length;
      const reading = item.readAt(at);
      if (reading.strength >= INSTRUCTION_MIN && toolWords.every((word) => new RegExp(`\\b${word}`).test(reading.sentence))) {
        found.push({ item, reading });
        break;
      }
    }
  }
  return found;
}
