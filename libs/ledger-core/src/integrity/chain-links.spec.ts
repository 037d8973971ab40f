import { describe, expect, it } from 'vitest';
import { chainEvents, computeEventHash, type LedgerEvent, type UnchainedEvent } from '@mcp-ledger/events';
import { findChainBreaks, type ChainLink, type IncomingLink } from './chain-links';

function session(length: number): LedgerEvent[] {
  return chainEvents(
    Array.from({ length }, (_, seq) => ({
      specversion: '1.0',
      id: `0190000${seq}-0000-7000-8000-000000000000`,
      type: 'rpc.exchanged',
      time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
      tenant: 't',
      session_id: 's',
      seq,
      source: { kind: 'emitter' },
      data: { 'mcp.method.name': 'ping', n: seq },
    })) as unknown as UnchainedEvent[],
  );
}

const incoming = (event: LedgerEvent): IncomingLink => ({
  id: event.id,
  seq: event.seq,
  hash: event.hash,
  prevHash: event.prev_hash,
  recomputedHash: computeEventHash(event as unknown as Record<string, unknown> & { prev_hash: string | null }),
});
const stored = (event: LedgerEvent): ChainLink => ({ id: event.id, seq: event.seq, hash: event.hash, prevHash: event.prev_hash });

describe('findChainBreaks', () => {
  const events = session(6);

  it('accepts an intact chain in one batch, in pieces, in any order, and again', () => {
    expect(findChainBreaks(events.map(incoming), [])).toEqual([]);
    // The second half arrives first, then the first half with the second already stored.
    expect(findChainBreaks(events.slice(3).map(incoming), [])).toEqual([]);
    expect(findChainBreaks(events.slice(0, 3).map(incoming), events.slice(3, 4).map(stored))).toEqual([]);
    // Redelivery: the batch is already stored (the writer inserts before it analyses).
    expect(findChainBreaks(events.map(incoming), events.map(stored))).toEqual([]);
  });

  it('does not judge a link whose predecessor has not arrived yet, and judges it once it does', () => {
    const forged = { ...incoming(events[4]!), prevHash: `sha256:${'0'.repeat(64)}` };
    expect(findChainBreaks([forged], [])).toEqual([]);
    // The predecessor arrives later: its commit looks forward and finds the forged link.
    const later = findChainBreaks([incoming(events[3]!)], [{ ...forged }]);
    expect(later).toEqual([{ reason: 'link_mismatch', seq: 4, eventId: events[4]!.id, expected: events[3]!.hash, got: forged.prevHash }]);
    // Both orders name the same break.
    expect(findChainBreaks([forged], [stored(events[3]!)])).toEqual(later);
  });

  it('reports an event whose content does not match its hash', () => {
    const edited = { ...events[2]!, data: { 'mcp.method.name': 'ping', n: 99 } } as unknown as LedgerEvent;
    const [found] = findChainBreaks([incoming(edited)], events.map(stored));
    expect(found).toMatchObject({ reason: 'hash_mismatch', seq: 2, eventId: events[2]!.id, got: events[2]!.hash });
    expect(found!.expected).not.toBe(events[2]!.hash);
  });

  it('reports a second event at a seq once, about the greater id, whichever came first', () => {
    const intruder = chainEvents([{ ...events[2]!, id: '01900009-ffff-7000-8000-000000000000', data: { 'mcp.method.name': 'ping', n: 7 } } as unknown as UnchainedEvent], events[1]!.hash)[0]!;
    const expected = [{ reason: 'seq_conflict', seq: 2, eventId: intruder.id, otherEventId: events[2]!.id, expected: events[2]!.hash, got: intruder.hash }];
    expect(findChainBreaks([incoming(intruder)], events.map(stored))).toEqual(expected);
    expect(findChainBreaks([incoming(events[2]!)], [stored(intruder), stored(events[1]!), stored(events[3]!)])).toEqual(expected);
  });

  it('reports a first event that links to something', () => {
    const [first] = chainEvents([{ ...events[0]! } as unknown as UnchainedEvent], `sha256:${'a'.repeat(64)}`);
    expect(findChainBreaks([incoming(first!)], [])).toEqual([{ reason: 'link_mismatch', seq: 0, eventId: first!.id, expected: null, got: first!.prev_hash }]);
  });

  it('reports a reordered pair at both links it breaks', () => {
    const swapped = [events[3]!, events[2]!].map((event, i) => ({ ...incoming(event), seq: 2 + i }));
    const found = findChainBreaks(swapped, [stored(events[1]!), stored(events[4]!)]);
    expect(found.map((b) => [b.reason, b.seq])).toEqual([
      ['link_mismatch', 2],
      ['link_mismatch', 3],
      ['link_mismatch', 4],
    ]);
  });
});
