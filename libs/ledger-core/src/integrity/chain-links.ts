/** One event of a session as the ingest chain check sees it: its place and its links. */
export interface ChainLink {
  id: string;
  seq: number;
  hash: string;
  /** null for "no previous" (seq 0), as in the envelope. */
  prevHash: string | null;
}

/** An event of the batch being committed: also what its hash should be, re-derived. */
export interface IncomingLink extends ChainLink {
  /** `computeEventHash` of the event as received. */
  recomputedHash: string;
}

export type ChainBreakReason = 'hash_mismatch' | 'link_mismatch' | 'seq_conflict';

/** A place where a session's chain does not hold; `eventId` is the event it is about. */
export interface ChainBreak {
  reason: ChainBreakReason;
  seq: number;
  eventId: string;
  /** What the chain says should be there, and what the event carries. */
  expected: string | null;
  got: string | null;
  /** seq_conflict: the other event at the same seq. */
  otherEventId?: string;
}

/**
 * Judges the links of one session's incoming events against the events already known
 * around them (the stored events at seq − 1, seq and seq + 1; the incoming ones may be
 * among them). The rule, chosen so that out-of-order and repeated delivery never raise
 * anything on an intact chain:
 *
 * - an incoming event whose hash is not the hash of its own content: `hash_mismatch`;
 * - two different event ids at one seq (a fork, or an inserted event): `seq_conflict`,
 *   about the greater id, so either arrival order names the same pair;
 * - a link is judged only once both of its ends are known: seq 0 must have no previous
 *   hash; seq n must carry the hash of some event at seq n − 1. An event arriving before
 *   its predecessor is judged when the predecessor arrives (that commit looks forward).
 *   A gap is therefore never a finding at ingest; `mcp-ledger verify` reports gaps that
 *   remain (`deleted`), and checkpoints only cover a session's contiguous prefix.
 *
 * Each break is identified by (reason, seq, eventId): a redelivered batch, or the same
 * break seen again from the other end, yields the same break.
 */
export function findChainBreaks(incoming: readonly IncomingLink[], known: readonly ChainLink[]): ChainBreak[] {
  const bySeq = new Map<number, Map<string, ChainLink>>();
  const add = (event: ChainLink) => {
    const here = bySeq.get(event.seq) ?? new Map<string, ChainLink>();
    if (!here.has(event.id)) here.set(event.id, event);
    bySeq.set(event.seq, here);
  };
  // Incoming first: where the store holds another version of the same id, judge what arrived.
  incoming.forEach(add);
  known.forEach(add);
  const at = (seq: number) => [...(bySeq.get(seq)?.values() ?? [])];

  const breaks = new Map<string, ChainBreak>();
  const raise = (found: ChainBreak) => breaks.set(`${found.reason}\u0000${found.seq}\u0000${found.eventId}`, found);
  const judgeLink = (event: ChainLink) => {
    if (event.seq === 0) {
      if (event.prevHash !== null) raise({ reason: 'link_mismatch', seq: 0, eventId: event.id, expected: null, got: event.prevHash });
      return;
    }
    const predecessors = at(event.seq - 1);
    if (predecessors.length === 0 || predecessors.some((p) => p.hash === event.prevHash)) return;
    const expected = predecessors.map((p) => p.hash).sort().join(' | ');
    raise({ reason: 'link_mismatch', seq: event.seq, eventId: event.id, expected, got: event.prevHash });
  };

  for (const event of incoming) {
    if (event.recomputedHash !== event.hash) {
      raise({ reason: 'hash_mismatch', seq: event.seq, eventId: event.id, expected: event.recomputedHash, got: event.hash });
    }
    const twins = at(event.seq).filter((other) => other.id !== event.id);
    for (const other of twins) {
      const [first, second] = [event, other].sort((a, b) => (a.id < b.id ? -1 : 1)) as [ChainLink, ChainLink];
      raise({ reason: 'seq_conflict', seq: event.seq, eventId: second.id, otherEventId: first.id, expected: first.hash, got: second.hash });
    }
    judgeLink(event);
    for (const successor of at(event.seq + 1)) judgeLink(successor);
  }
  return [...breaks.values()].sort((a, b) => a.seq - b.seq || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0) || (a.reason < b.reason ? -1 : 1));
}
