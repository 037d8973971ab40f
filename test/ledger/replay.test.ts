import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { rebuildProjections } from '@mcp-ledger/ledger-core';
import { PROJECTION_TABLES } from '@mcp-ledger/projections';
import { postEvents, sealSession, sessionWithCalls, toNdjson, toolCallDrafts } from '../support/event-factory';
import { join } from 'node:path';
import { importInjectionTraces } from '@mcp-ledger/ingest-client';
import { recordCalculatorSession } from '../support/record-calculator-session';

/** Tables the provenance and inventory analysis derive from events, rebuilt too. */
const DERIVED_TABLES = ['provenance_edges', 'provenance_edges_by_content', 'findings'];
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';

let ledger: TestLedger;
beforeAll(async () => {
  ledger = await startTestLedger();
});
afterAll(async () => ledger?.close());

/** Every projection table, merged (FINAL) and in a fixed order, as plain JSON. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of [...PROJECTION_TABLES, ...DERIVED_TABLES]) {
    // ORDER BY ALL: the whole row, so the snapshot does not depend on part layout.
    tables[table] = await ledger.database.query(`SELECT * FROM ${table} FINAL ORDER BY ALL`);
  }
  return tables;
}

describe('replay', () => {
  it('rebuilds identical projection tables from the events table', async () => {
    await recordCalculatorSession(ledger.url, `replay-${uuidv7()}`);
    await recordCalculatorSession(ledger.url, `replay-${uuidv7()}`);
    const traces = join(__dirname, '..', 'fixtures', 'provenance', 'traces.jsonl');
    await importInjectionTraces({ url: ledger.url, file: traces, tenant: `replay-${uuidv7()}` });
    for (let i = 0; i < 3; i++) {
      const answer = await postEvents(ledger.url, toNdjson(sessionWithCalls(20, { tenant: `replay-${uuidv7()}` })));
      expect(answer.status).toBe(202);
    }
    // A proxied server's credential names (mcp_server_credentials).
    const withCredentials = sealSession([{ type: 'session.started', data: { credentials: { env: ['GITHUB_TOKEN'], oauth_scopes: ['repo'] } } }], { tenant: `replay-${uuidv7()}` });
    expect((await postEvents(ledger.url, toNdjson(withCredentials))).status).toBe(202);
    // A call held for approval, approved, then run (approvals, approval_decisions), and a high-risk call that ran without one.
    const callHash = `sha256:${'c'.repeat(64)}`;
    const [request, completed] = toolCallDrafts('c-1', 'delete_repo', { repo: 'prod' }, 'deleted');
    const held = sealSession(
      [
        request!,
        { type: 'approval.requested', data: { approval_id: 'replay-approval-1', call_id: 'c-1', 'gen_ai.tool.name': 'delete_repo', call_hash: callHash, expires_at: '2026-11-25T09:05:00.000Z', risk: 'high' } },
        { type: 'approval.decided', data: { approval_id: 'replay-approval-1', call_hash: callHash, decision: 'approved', reviewer: { id: 'key:alice' }, comment: 'ok' } },
        completed!,
        ...toolCallDrafts('c-2', 'send_email', { to: 'a@b.example' }, 'sent'),
      ],
      { tenant: `replay-${uuidv7()}` },
    );
    expect((await postEvents(ledger.url, toNdjson(held))).status).toBe(202);
    // A secret its emitter did not mask: masked by the ledger at ingest, `secret_in_clear` raised (and raised again by the rebuild).
    const leaky = sealSession(toolCallDrafts('c-1', 'http_get', { url: 'https://admin:hunter2hunter2@db.example/export' }, 'ok'), { tenant: `replay-${uuidv7()}` });
    expect((await postEvents(ledger.url, toNdjson(leaky))).status).toBe(202);
    const before = await snapshot();
    for (const table of [...PROJECTION_TABLES, ...DERIVED_TABLES]) expect(before[table]!.length, table).toBeGreaterThan(0);
    expect((before['findings'] as { kind: string }[]).some((finding) => finding.kind === 'secret_in_clear')).toBe(true);

    const result = await rebuildProjections(ledger.database, { pageSize: 37 });
    expect(result.invalid).toEqual([]);

    const after = await snapshot();
    expect(after).toEqual(before);
  });
});
