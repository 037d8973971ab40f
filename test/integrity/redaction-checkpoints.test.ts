/**
 * Signed checkpoints cover the ledger's redaction records (ADR 0015). A ledger-redacted
 * event keeps the emitter's `hash`, so whoever can write the store can rewrite such an
 * event together with its record, or attach a record to an edited event, and every chain
 * still holds; the version-2 checkpoint head signs a digest of those records, and
 * `mcp-ledger verify` on the stopped store finds both. A version-1 checkpoint still verifies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createLedgerDatabase, type LedgerDatabase } from '@mcp-ledger/clickhouse';
import { canonicalJson, computeEventHash } from '@mcp-ledger/events';
import { checkpointKeyFromPem, checkpointRow, CheckpointWriter, EMBEDDED_KEY_FILE, redactionRecordsDigest, signCheckpoint, type IntegrityReport } from '@mcp-ledger/ledger-core';
import { postEvents, sealSession, toNdjson, toolCallDrafts } from '../support/event-factory';
import { startTestLedger } from '../support/in-process-ledger';
import { bearer, verifyCli } from './integrity-support';

const run = uuidv7();
const tenants = { clean: `rc-clean-${run}`, rewritten: `rc-rewritten-${run}`, disguised: `rc-disguised-${run}`, legacy: `rc-legacy-${run}` };
const session = `s-${run}`;
/** Not a real token: the shape the github_token detector masks. */
const SLIPPED_TOKEN = 'ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s01';

let dataDir: string;
let keyFile: string;
let liveReport: IntegrityReport;
const written: Record<string, number[]> = {};
let cleanHead: unknown[];
let cleanRecords: { seq: number; id: string; ledgerRedaction: string }[];

/**
 * seq 0 session.started · 1–2 a call whose note carries a token the emitter did not mask
 * (posted raw, so only the ledger redacts it) · 3–4 a plain call · 5 session.ended.
 */
function sessionWithSlippedSecret(tenant: string) {
  return sealSession(
    [
      { type: 'session.started', data: { 'mcp.protocol.version': '2025-06-18', client_info: { name: 'raw', version: '1' }, server_info: { name: 'test-server', version: '1.0.0' } } },
      ...toolCallDrafts('c1', 'push', { repo: 'acme/site', note: `push with ${SLIPPED_TOKEN}` }, 'pushed'),
      ...toolCallDrafts('c2', 'echo', { text: 'hello' }, 'echo: hello'),
      { type: 'session.ended', data: { reason: 'closed' } },
    ],
    { tenant, sessionId: session },
  );
}

type EventRow = Record<string, unknown> & { id: string; seq: string | number; payload: string; ledger_redaction: string };

async function eventAt(db: LedgerDatabase, tenant: string, seq: number): Promise<EventRow> {
  const [row] = await db.query<EventRow>('SELECT * EXCEPT (ingested_at) FROM events FINAL WHERE tenant = {tenant:String} AND session_id = {session:String} AND seq = {seq:UInt64}', {
    tenant,
    session,
    seq,
  });
  return row!;
}

/**
 * Rewrites one stored event so that it passes the per-event check: the edited payload,
 * and a redaction record whose `stored_hash` is that payload's hash (as an intruder would).
 */
async function rewriteConsistently(db: LedgerDatabase, row: EventRow, edit: (payload: string) => string, redactions: unknown[]): Promise<void> {
  const event = JSON.parse(edit(row.payload)) as Record<string, unknown> & { prev_hash: string | null };
  const record = { by: 'ledger', version: 1, stored_hash: computeEventHash(event), redactions };
  await db.command('DELETE FROM events WHERE tenant = {tenant:String} AND id = {id:String}', { tenant: row['tenant'], id: row.id });
  await db.insert('events', [{ ...row, payload: canonicalJson(event), ledger_redaction: canonicalJson(record) }]);
}

beforeAll(async () => {
  const ledger = await startTestLedger({ LEDGER_CHECKPOINT_INTERVAL_MS: '0' });
  dataDir = ledger.dataDir;
  keyFile = join(dataDir, EMBEDDED_KEY_FILE);
  for (const tenant of Object.values(tenants)) {
    expect((await postEvents(ledger.url, toNdjson(sessionWithSlippedSecret(tenant)))).status).toBe(202);
  }
  const writer = ledger.app.get(CheckpointWriter);
  const round = async (name: string) => (written[name] = (await writer.writeCheckpoints()).filter((c) => c.tenant === tenants.legacy || c.tenant === tenants.clean).map((c) => JSON.parse(c.body).version));
  await round('first');

  // What a ledger from before version 2 wrote: the same heads without the redactions digest.
  const [v2] = await ledger.database.query<{ heads: string; created_at: string }>('SELECT heads, created_at FROM checkpoints FINAL WHERE tenant = {tenant:String}', { tenant: tenants.legacy });
  const v1 = signCheckpoint({
    tenant: tenants.legacy,
    heads: (JSON.parse(v2!.heads) as [string, number, string, number, string][]).map(([sessionId, seq, hash, events]) => ({ sessionId, seq, hash, events })),
    previous: null,
    createdAt: new Date(`${v2!.created_at.replace(' ', 'T')}Z`),
    key: checkpointKeyFromPem(readFileSync(keyFile, 'utf8')),
    version: 1,
  });
  await ledger.database.command('DELETE FROM checkpoints WHERE tenant = {tenant:String}', { tenant: tenants.legacy });
  await ledger.database.insert('checkpoints', [checkpointRow(v1)]);
  await round('afterUpgrade');

  const response = await fetch(`${ledger.url}/v1/integrity/verify?tenant=${tenants.clean}`, { headers: { ...bearer(), 'x-ledger-tenant': tenants.clean } });
  liveReport = (await response.json()) as IntegrityReport;
  await ledger.close();

  // The ledger is stopped: an intruder with write access to the store, who knows the record format.
  const db = createLedgerDatabase({ dataDir });
  try {
    const [checkpoint] = await db.query<{ heads: string }>('SELECT heads FROM checkpoints FINAL WHERE tenant = {tenant:String}', { tenant: tenants.clean });
    cleanHead = (JSON.parse(checkpoint!.heads) as unknown[][])[0]!;
    cleanRecords = (
      await db.query<EventRow>("SELECT id, seq, ledger_redaction FROM events FINAL WHERE tenant = {tenant:String} AND ledger_redaction != ''", { tenant: tenants.clean })
    ).map((row) => ({ seq: Number(row.seq), id: row.id, ledgerRedaction: row.ledger_redaction }));

    // (b) the ledger-redacted call is pointed at another repository, and its record rewritten to match.
    const redacted = await eventAt(db, tenants.rewritten, 1);
    const { redactions } = JSON.parse(redacted.ledger_redaction) as { redactions: unknown[] };
    await rewriteConsistently(db, redacted, (payload) => payload.replace('"repo":"acme/site"', '"repo":"evil/site"'), redactions);

    // (c) an event the ledger never touched is edited, and a record attached to pass the edit off as a redaction.
    await rewriteConsistently(db, await eventAt(db, tenants.disguised, 3), (payload) => payload.replace('"text":"hello"', '"text":"wire the funds"'), []);
  } finally {
    await db.close();
  }
});

const at = String.raw`\(checkpoint \d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d`;

async function verifyJson(tenant: string): Promise<{ code: number; report: IntegrityReport }> {
  const result = await verifyCli(['--data-dir', dataDir, '--tenant', tenant, '--public-key', keyFile, '--json']);
  return { code: result.code, report: JSON.parse(result.stdout) as IntegrityReport };
}

describe('checkpoints over ledger-redacted events', () => {
  it('sign a digest of the redaction records that anyone can recompute from the rows, and verify clean untouched', async () => {
    expect(cleanRecords.map((r) => r.seq)).toEqual([1]);
    expect(cleanHead).toEqual([session, 5, expect.stringMatching(/^sha256:/), 6, redactionRecordsDigest(cleanRecords)]);
    expect(liveReport).toMatchObject({ sessions: 1, events: 6, checkpoints: 1, problems: [] });

    const result = await verifyCli(['--data-dir', dataDir, '--tenant', tenants.clean, '--public-key', keyFile]);
    expect(result.stdout).toMatch(/checked 6 events in 1 sessions and 1 checkpoints .*every chain is intact and every checkpoint holds/);
    expect(result.code).toBe(0);
  });

  it('find a ledger-redacted event rewritten together with its record, which every chain check passes', async () => {
    const { code, report } = await verifyJson(tenants.rewritten);
    expect(code).toBe(1);
    expect(report.problems).toEqual([
      {
        kind: 'redaction_record_edited',
        tenant: tenants.rewritten,
        sessionId: session,
        seq: 5,
        checkpoint: { digest: expect.stringMatching(/^sha256:/), createdAt: expect.any(String) },
        detail: expect.stringMatching(/redaction records at seq ≤ 5 do not match the checkpoint: 1 stored now \(at seq 1\), checkpointed sha256:/),
      },
    ]);
  });

  it('find a record attached to an edited event to disguise the edit, and name the seqs that hold records now', async () => {
    const result = await verifyCli(['--data-dir', dataDir, '--tenant', tenants.disguised, '--public-key', keyFile]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^REDACTION_RECORD_EDITED  ${tenants.disguised}/${session} seq 5 ${at}.*: .*2 stored now \\(at seq 1, 3\\), checkpointed sha256:[0-9a-f]{64}$`, 'm'));
    expect(result.stdout).not.toMatch(/^(EDITED|DELETED|INSERTED|REORDERED|BROKEN_LINK|HEAD_MISMATCH) /m);
  });

  it('still verify a version-1 checkpoint, and sign a version-2 one over it at the next round', async () => {
    expect(written).toEqual({ first: [2, 2], afterUpgrade: [2] });
    const { code, report } = await verifyJson(tenants.legacy);
    expect(report).toMatchObject({ sessions: 1, events: 6, checkpoints: 2, pinned: true, problems: [] });
    expect(code).toBe(0);
  });
});
