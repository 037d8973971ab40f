import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { chainEvents } from './chain-events';
import type { LedgerEvent } from './envelope.schema';
import { verifySessionChain, type StoredChainEvent } from './verify-chain';

function session(n: number): LedgerEvent[] {
  return chainEvents(
    Array.from({ length: n }, (_, seq) => ({
      specversion: '1.0' as const,
      id: `019ab7a4-6f70-7000-8000-0000000000${String(seq).padStart(2, '0')}`,
      type: 'session.ended' as const,
      time: '2026-11-25T10:00:00.000Z',
      tenant: 't',
      session_id: 's',
      seq,
      source: { kind: 'importer' as const },
      data: { reason: 'closed' as const },
    })),
  );
}

const stored = (event: LedgerEvent): StoredChainEvent => ({
  id: event.id,
  seq: event.seq,
  hash: event.hash,
  prevHash: event.prev_hash ?? '',
  payload: canonicalJson(event),
});

describe('verifySessionChain', () => {
  it('passes an untouched chain', () => {
    expect(verifySessionChain(session(5).map(stored))).toEqual([]);
  });

  it('finds an edited event', () => {
    const rows = session(5).map(stored);
    rows[2] = { ...rows[2]!, payload: rows[2]!.payload.replace('"closed"', '"error"') };
    expect(verifySessionChain(rows)).toEqual([expect.objectContaining({ kind: 'edited', seq: 2 })]);
  });

  it('finds a deleted event', () => {
    const rows = session(5).map(stored).filter((row) => row.seq !== 3);
    expect(verifySessionChain(rows).map((p) => [p.kind, p.seq])).toEqual([['deleted', 3]]);
  });

  it('finds an inserted event', () => {
    const rows = session(4).map(stored);
    const forged = stored(chainEvents([{ ...session(4)[2]!, id: '019ab7a4-6f70-7000-8000-0000000000ff' }], 'sha256:' + 'f'.repeat(64))[0]!);
    expect(verifySessionChain([...rows, forged]).map((p) => [p.kind, p.seq])).toEqual([['inserted', 2]]);
  });

  it('finds a reordering', () => {
    const events = session(5);
    const swap = (event: LedgerEvent, seq: number) => {
      const moved = { ...event, seq } as LedgerEvent;
      return { ...stored(moved), hash: event.hash, prevHash: event.prev_hash ?? '' };
    };
    const rows = events.map(stored);
    rows[2] = swap(events[3]!, 2);
    rows[3] = swap(events[2]!, 3);
    const kinds = verifySessionChain(rows).map((p) => p.kind);
    expect(kinds).toContain('reordered');
  });
});
