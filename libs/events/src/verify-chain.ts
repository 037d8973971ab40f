import { computeEventHash } from './event-hash';

/** One stored event as the verifier reads it back: where it sits, and what it says. */
export interface StoredChainEvent {
  id: string;
  /** The `seq` column. */
  seq: number;
  /** The `hash` and `prev_hash` columns (`''` for no previous). */
  hash: string;
  prevHash: string;
  /** The stored canonical JSON of the whole event. */
  payload: string;
}

export type ChainProblemKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'broken_link';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The seq the problem is at (for `deleted`: the missing seq). */
  seq: number;
  eventId?: string;
  detail: string;
}

function recomputed(event: StoredChainEvent): { ok: true; hash: string; seq: unknown } | { ok: false } {
  try {
    const parsed = JSON.parse(event.payload) as Record<string, unknown> & { prev_hash: string | null };
    return { ok: true, hash: computeEventHash(parsed), seq: parsed['seq'] };
  } catch {
    return { ok: false };
  }
}

/**
 * Re-derives one session's hash chain from its stored events and names every place it
 * does not hold: an event whose content no longer matches its hash (`edited`), a seq with
 * no event (`deleted`), a seq held twice or an event that links to nothing (`inserted`),
 * an event that links to another position (`reordered`), or a link to a predecessor
 * whose hash differs for another reason (`broken_link`). Pure; the caller reads the rows.
 */
export function verifySessionChain(events: readonly StoredChainEvent[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const byHash = new Map(events.map((event) => [event.hash, event]));
  const intact = new Set<StoredChainEvent>();
  for (const event of events) {
    const again = recomputed(event);
    if (!again.ok) problems.push({ kind: 'edited', seq: event.seq, eventId: event.id, detail: 'stored payload is not valid JSON' });
    else if (again.hash !== event.hash || again.seq !== event.seq) {
      problems.push({ kind: 'edited', seq: event.seq, eventId: event.id, detail: 'content does not match its hash (or its seq column)' });
    } else intact.add(event);
  }
  const bySeq = new Map<number, StoredChainEvent[]>();
  for (const event of events) bySeq.set(event.seq, [...(bySeq.get(event.seq) ?? []), event]);
  const maxSeq = events.reduce((max, event) => Math.max(max, event.seq), -1);
  let previous: StoredChainEvent | undefined;
  for (let seq = 0; seq <= maxSeq; seq++) {
    const here = bySeq.get(seq) ?? [];
    if (here.length === 0) {
      problems.push({ kind: 'deleted', seq, detail: `no event at seq ${seq}` });
      previous = undefined;
      continue;
    }
    // With two events at one seq, the genuine one links to the predecessor and matches its own hash.
    const links = (event: StoredChainEvent) => (previous ? event.prevHash === previous.hash : event.prevHash === '');
    const linked = here.find((event) => links(event) && intact.has(event)) ?? here.find(links);
    for (const extra of here.filter((event) => event !== (linked ?? here[0]))) {
      // A forged event usually fails its own hash too; the extra event at this seq is the insertion.
      problems.push({ kind: 'inserted', seq, eventId: extra.id, detail: `a second event at seq ${seq}` });
    }
    const current = linked ?? here[0]!;
    const expected = previous ? previous.hash : seq === 0 ? '' : undefined;
    if (expected !== undefined && current.prevHash !== expected) {
      const target = byHash.get(current.prevHash);
      if (target && target.seq !== seq - 1) {
        problems.push({ kind: 'reordered', seq, eventId: current.id, detail: `links to the event at seq ${target.seq}, not seq ${seq - 1}` });
      } else if (!target && current.prevHash !== '') {
        problems.push({ kind: 'inserted', seq, eventId: current.id, detail: 'links to no stored event' });
      } else {
        problems.push({ kind: 'broken_link', seq, eventId: current.id, detail: `does not link to the event at seq ${seq - 1}` });
      }
    }
    previous = current;
  }
  return problems;
}
