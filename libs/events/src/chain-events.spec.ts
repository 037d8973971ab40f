import { describe, expect, it } from 'vitest';
import { chainEvents } from './chain-events';
import { computeEventHash } from './event-hash';
import { parseLedgerEvent } from './parse-event';

const draft = (seq: number) => ({
  specversion: '1.0' as const,
  id: `019ab7a4-6f70-7000-8000-00000000000${seq}`,
  type: 'session.started' as const,
  time: '2026-11-25T10:00:00.000Z',
  tenant: 't',
  session_id: 's',
  seq,
  source: { kind: 'importer' as const },
  data: {},
});

describe('chainEvents', () => {
  it('links each event to the previous one and produces valid events', () => {
    const chained = chainEvents([draft(0), draft(1), draft(2)]);
    expect(chained.map((e) => e.prev_hash)).toEqual([null, chained[0]!.hash, chained[1]!.hash]);
    for (const event of chained) {
      expect(computeEventHash(event as unknown as { prev_hash: string | null })).toBe(event.hash);
      expect(parseLedgerEvent(event).ok).toBe(true);
    }
  });

  it('continues an existing chain', () => {
    const [first] = chainEvents([draft(0)]);
    expect(chainEvents([draft(1)], first!.hash)[0]!.prev_hash).toBe(first!.hash);
  });
});
