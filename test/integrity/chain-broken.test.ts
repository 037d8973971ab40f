/**
 * The emitter's per-session hash chain is judged at ingest: a break raises `chain_broken`
 * (the events are still stored, as evidence), while the ways an intact chain normally
 * arrives — split into batches, out of order, delivered twice — raise nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { chainEvents, type LedgerEvent, type UnchainedEvent } from '@mcp-ledger/events';
import { postEvents, sessionWithCalls, toNdjson } from '../support/event-factory';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';
import { chainFindings } from './integrity-support';

const tenant = `chain-${uuidv7()}`;
const BOGUS = `sha256:${'0'.repeat(64)}`;
let ledger: TestLedger;

async function post(events: readonly LedgerEvent[]): Promise<void> {
  expect((await postEvents(ledger.url, toNdjson(events))).status).toBe(202);
}

/** The session re-sealed from `seq` on as if its predecessor's hash were `prevHash`: a forged continuation. */
function forgedFrom(events: readonly LedgerEvent[], seq: number, prevHash: string): LedgerEvent[] {
  const unchained = events.slice(seq).map(({ hash: _hash, prev_hash: _prev, ...rest }) => rest as unknown as UnchainedEvent);
  return [...events.slice(0, seq), ...chainEvents(unchained, prevHash)];
}

beforeAll(async () => {
  ledger = await startTestLedger();
});
afterAll(async () => ledger?.close());

describe('chain verification at ingest', () => {
  it('raises nothing for an intact chain sent in pieces, out of order, twice, or with a gap filled later', async () => {
    const split = sessionWithCalls(3, { tenant, sessionId: `split-${uuidv7()}` });
    await post(split.slice(4));
    await post(split.slice(0, 4));
    await post(split);
    await post(split.slice(2, 5));
    const gap = sessionWithCalls(3, { tenant, sessionId: `gap-${uuidv7()}` });
    await post([...gap.slice(0, 3), ...gap.slice(4)]);
    await post(gap.slice(3, 4));
    expect(await chainFindings(ledger.url, tenant)).toEqual([]);
  });

  it('raises chain_broken for a forged link, with where it is and what was expected, and still stores the events', async () => {
    const honest = sessionWithCalls(3, { tenant, sessionId: `forged-${uuidv7()}` });
    const forged = forgedFrom(honest, 3, BOGUS);
    await post(forged);
    const found = (await chainFindings(ledger.url, tenant)).filter((f) => f.sessionId === honest[0]!.session_id);
    expect(found).toEqual([
      {
        kind: 'chain_broken',
        severity: 'high',
        summary: expect.stringContaining('seq 3'),
        sessionId: honest[0]!.session_id,
        evidence: { tenant, session_id: honest[0]!.session_id, seq: 3, event_id: honest[3]!.id, reason: 'link_mismatch', expected: honest[2]!.hash, got: BOGUS },
      },
    ]);
    const [stored] = await ledger.database.query<{ n: string }>(
      'SELECT count() AS n FROM events FINAL WHERE tenant = {tenant:String} AND session_id = {session:String}',
      { tenant, session: honest[0]!.session_id },
    );
    expect(Number(stored!.n)).toBe(honest.length);
    // Redelivering the forged batch does not raise it twice.
    await post(forged);
    expect((await chainFindings(ledger.url, tenant)).filter((f) => f.sessionId === honest[0]!.session_id)).toHaveLength(1);
  });

  it('judges a forged link whose predecessor arrives later, when it arrives', async () => {
    const honest = sessionWithCalls(2, { tenant, sessionId: `late-${uuidv7()}` });
    const forged = forgedFrom(honest, 2, BOGUS);
    await post(forged.slice(2));
    expect((await chainFindings(ledger.url, tenant)).filter((f) => f.sessionId === honest[0]!.session_id)).toEqual([]);
    await post(forged.slice(0, 2));
    const found = (await chainFindings(ledger.url, tenant)).filter((f) => f.sessionId === honest[0]!.session_id);
    expect(found.map((f) => [f.evidence.seq, f.evidence.reason, f.evidence.event_id])).toEqual([[2, 'link_mismatch', honest[2]!.id]]);
  });

  it('raises chain_broken for edited content and for a second event at a seq', async () => {
    const honest = sessionWithCalls(2, { tenant, sessionId: `edited-${uuidv7()}` });
    const edited = honest.map((event) => (event.seq === 1 ? ({ ...event, data: { ...event.data, arguments: { text: 'message 9' } } } as LedgerEvent) : event));
    await post(edited);
    const intruder = chainEvents([{ ...honest[3]!, id: uuidv7(), hash: undefined, prev_hash: undefined } as unknown as UnchainedEvent], honest[2]!.hash)[0]!;
    await post([intruder]);
    const found = (await chainFindings(ledger.url, tenant)).filter((f) => f.sessionId === honest[0]!.session_id);
    expect(found.map((f) => [f.evidence.seq, f.evidence.reason, f.evidence.event_id]).sort()).toEqual([
      [1, 'hash_mismatch', honest[1]!.id],
      [3, 'seq_conflict', intruder.id],
    ]);
  });
});
