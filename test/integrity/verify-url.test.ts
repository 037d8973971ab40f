/**
 * `mcp-ledger verify --url` against a running ledger: the same report as offline, from
 * `GET /v1/integrity/verify`, for the caller's tenant; exit 0 when intact, 1 when
 * something was tampered with, 2 when the ledger cannot be reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { CheckpointWriter, EMBEDDED_KEY_FILE } from '@mcp-ledger/ledger-core';
import { postEvents, sessionWithCalls, toNdjson } from '../support/event-factory';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';
import { bearer, verifyCli } from './integrity-support';

const run = uuidv7();
const tenants = { clean: `url-clean-${run}`, tampered: `url-tampered-${run}` };
const session = `s-${run}`;
let ledger: TestLedger;

beforeAll(async () => {
  ledger = await startTestLedger({ LEDGER_CHECKPOINT_INTERVAL_MS: '0' });
  for (const tenant of Object.values(tenants)) {
    expect((await postEvents(ledger.url, toNdjson(sessionWithCalls(3, { tenant, sessionId: session })))).status).toBe(202);
  }
  await ledger.app.get(CheckpointWriter).writeCheckpoints();
  // Tampering with the live store: the tail of the session, and an event in the middle.
  await ledger.database.command('DELETE FROM events WHERE tenant = {tenant:String} AND session_id = {session:String} AND seq IN (2, 6)', {
    tenant: tenants.tampered,
    session,
  });
});
afterAll(async () => ledger?.close());

describe('mcp-ledger verify --url', () => {
  it('passes a clean tenant of a running ledger', async () => {
    const result = await verifyCli(['--url', ledger.url, '--tenant', tenants.clean, '--public-key', `${ledger.dataDir}/${EMBEDDED_KEY_FILE}`]);
    expect(result.stdout).toMatch(/checked 7 events in 1 sessions and 1 checkpoints of http:\/\/127\.0\.0\.1:\d+ .*every chain is intact and every checkpoint holds/);
    expect(result.code).toBe(0);
  });

  it('reports tampering with its location', async () => {
    const result = await verifyCli(['--url', ledger.url, '--tenant', tenants.tampered]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`DELETED  ${tenants.tampered}/${session} seq 2: no event at seq 2`);
    expect(result.stdout).toMatch(new RegExp(`TAIL_DELETED  ${tenants.tampered}/${session} seq 6 \\(checkpoint `));
    expect(result.stdout).toMatch(/pass --public-key to pin the key/);
  });

  it('answers the same JSON report over HTTP as the CLI prints offline', async () => {
    const response = await fetch(`${ledger.url}/v1/integrity/verify?tenant=${tenants.tampered}`, { headers: { ...bearer(), 'x-ledger-tenant': tenants.tampered } });
    expect(response.status).toBe(200);
    const report = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(['checkpoints', 'events', 'keyIds', 'pinned', 'problems', 'sessions', 'target', 'tenant']);
    expect(report).toMatchObject({ tenant: tenants.tampered, sessions: 1, events: 5, checkpoints: 1, pinned: false });
    const cli = await verifyCli(['--url', ledger.url, '--tenant', tenants.tampered, '--json']);
    expect((JSON.parse(cli.stdout) as { problems: unknown }).problems).toEqual(report['problems']);
  });

  it("refuses another tenant than the caller's", async () => {
    const response = await fetch(`${ledger.url}/v1/integrity/verify?tenant=${tenants.clean}`, { headers: { ...bearer(), 'x-ledger-tenant': tenants.tampered } });
    expect(response.status).toBe(403);
  });

  it('exits 2 when the ledger cannot be reached', async () => {
    const result = await verifyCli(['--url', 'http://127.0.0.1:1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1/);
  });
});
