import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { sessionWithCalls, toNdjson } from '../support/event-factory';
import { graphqlData } from '../support/graphql';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';
import { authHeaders } from '../support/auth';

let ledger: LedgerProcess | undefined;
afterAll(async () => ledger?.stop());

const SESSIONS = 40;
const CALLS_PER_SESSION = 25;

async function allCallIds(url: string, tenant: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { toolCalls: { edges: { node: { sessionId: string; callId: string; status: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } =
      await graphqlData(
        url,
        `query P($after: String) { toolCalls(first: 1000, after: $after, order: ASC) {
           edges { node { sessionId callId status } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        { 'x-ledger-tenant': tenant },
      );
    for (const { node } of page.toolCalls.edges) {
      expect(node.status).toBe('OK');
      ids.push(`${node.sessionId}/${node.callId}`);
    }
    if (!page.toolCalls.pageInfo.hasNextPage) return ids;
    after = page.toolCalls.pageInfo.endCursor;
  }
}

describe('durability of acknowledged events', () => {
  it('keeps every event answered with 202 when the ledger is SIGKILLed mid-stream', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mcp-ledger-durability-'));
    const tenant = `dur-${uuidv7()}`;
    ledger = await startLedgerProcess(dataDir);
    const url = ledger.url;

    const sessions = Array.from({ length: SESSIONS }, () => sessionWithCalls(CALLS_PER_SESSION, { tenant }));
    const acknowledged: string[] = [];
    let killed = false;
    // Requests race the kill: some are acknowledged, some fail; only the acknowledged count.
    const sends = sessions.map(async (events, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 5));
      try {
        const response = await fetch(`${url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson', ...authHeaders() },
          body: toNdjson(events),
        });
        if (response.status === 202) {
          for (let c = 0; c < CALLS_PER_SESSION; c++) acknowledged.push(`${events[0]!.session_id}/call-${c}`);
          if (acknowledged.length >= (SESSIONS / 2) * CALLS_PER_SESSION && !killed) {
            killed = true;
            await ledger!.kill();
          }
        }
      } catch {
        // The connection died with the process: not acknowledged, so not promised.
      }
    });
    await Promise.all(sends);
    if (!killed) await ledger.kill();
    expect(acknowledged.length).toBeGreaterThan(0);

    ledger = await startLedgerProcess(dataDir);
    const stored = await allCallIds(ledger.url, tenant);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored).toEqual(expect.arrayContaining(acknowledged));
  });
});
