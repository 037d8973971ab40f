import type { ContentItem } from './content-item';
import type { SessionState } from './session-state';
import { findOccurrences } from './text-match';
import { INSTRUCTION_MIN } from './thresholds';
import type { ArgumentValue, ProvenanceEvidence, ValueKind } from './types';

/**
 * Values that identify one object (an id, an address, an account, a file): what a write
 * acts on. Names and entities of free text are left out, since results of any call repeat them.
 */
const IDENTIFYING_KINDS: ReadonlySet<ValueKind> = new Set(['token', 'number', 'email', 'url', 'iban', 'path']);
/** The returning call's result ranks just below the injected content that caused that call. */
const RESULT_SHARE = 0.9;
/** The smallest score difference a verdict shows (scores are rounded to three decimals). */
const RANK_STEP = 0.001;
export const INHERITED_CUE = 'acts-on-injected-call-output';

export interface InheritedSource {
  item: ContentItem;
  score: number;
  evidence: ProvenanceEvidence;
}

/**
 * Rule R2: a write that acts on what an injected call returned (deleting the e-mail it just
 * sent to the attacker, cancelling the transfer it scheduled) belongs to the same injected
 * chain, although the id it uses sits in plain data. A value qualifies when the FIRST
 * content that held it (before the agent itself used it, outside the user's prompt) is
 * the result of a call flagged as injected. The sources are that call's sources — the
 * injected content, whose top source stays first — then the result itself.
 *
 * Pure in the events before the call: the producer's verdict was fixed when it was
 * requested, so a rebuilt tracker passes on the same suspicion. Callers apply it to
 * writes only; a read by that id just looks at it. A value the result hands over inside an
 * instruction is left to the ordinary reading, so `provenance`/`impact` keep one edge per
 * hop of such a chain instead of a shortcut to the producer's sources.
 */
export function inheritedSources(state: SessionState, callSeq: number, values: readonly ArgumentValue[]): InheritedSource[] {
  const out: InheritedSource[] = [];
  for (const value of values) {
    if (!IDENTIFYING_KINDS.has(value.kind) || state.inUserPrompt(value.needle)) continue;
    const horizon = Math.min(state.firstAgentUse.get(value.needle) ?? callSeq, callSeq);
    const first = firstOccurrence(state, value.needle, horizon);
    const producer = first?.item.suspectedProducer;
    if (first === undefined || producer === undefined) continue;
    // A result that itself tells the agent what to do with the value ("next, send it to …")
    // is the call's own source, found by the ordinary reading: the chain runs through it,
    // hop by hop. R2 is for values that sit in the result as plain data (an id, a status).
    if (first.item.readAt(first.offset).strength >= INSTRUCTION_MIN) continue;
    const evidence: ProvenanceEvidence = {
      argument: value.argument,
      value: value.raw,
      kind: value.kind,
      firstSeenSeq: first.item.seq,
      excerpt: first.item.readAt(first.offset).excerpt,
      instruction: 0,
      cues: [INHERITED_CUE, `returned-by:${producer.callId}`],
    };
    // Strictly below one another, so the ranking keeps the producer's order of sources
    // (its top source first), and the result itself comes after them.
    let ceiling = producer.score;
    for (const source of producer.sources) {
      const item = state.itemAt(source.seq);
      if (item === undefined) continue;
      const score = Math.min(source.score, ceiling);
      out.push({ item, score, evidence });
      ceiling = score - RANK_STEP;
    }
    out.push({ item: first.item, score: Math.min(producer.score * RESULT_SHARE, ceiling), evidence });
  }
  return out;
}

function firstOccurrence(state: SessionState, needle: string, before: number): { item: ContentItem; offset: number } | undefined {
  for (const item of state.items) {
    if (item.seq >= before) return undefined;
    if (!state.inContext(item)) continue;
    const [offset] = findOccurrences(item.lower, needle, 1);
    if (offset !== undefined) return { item, offset };
  }
  return undefined;
}
