/**
 * Signed checkpoints: the embedded ledger writes one per tenant over its stored events
 * (and no second one while nothing changed); `mcp-ledger verify` on the stopped store then
 * finds what the hash chain alone cannot — a whole session or a session's tail deleted —
 * and any checkpoint whose signature or key does not hold.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createLedgerDatabase, type LedgerDatabase } from '@mcp-ledger/clickhouse';
import { CheckpointWriter, EMBEDDED_KEY_FILE } from '@mcp-ledger/ledger-core';
import { postEvents, sessionWithCalls, toNdjson } from '../support/event-factory';
import { startTestLedger } from '../support/in-process-ledger';
import { verifyCli } from './integrity-support';

const run = uuidv7();
const tenants = { clean: `ck-clean-${run}`, deleted: `ck-deleted-${run}`, signature: `ck-signature-${run}` };
const sessions = { whole: `whole-${run}`, tail: `tail-${run}`, kept: `kept-${run}` };
let dataDir: string;
let keyFile: string;
let otherKeyFile: string;
const written: Record<string, number> = {};

async function deleteEvents(db: LedgerDatabase, tenant: string, session: string, fromSeq = 0): Promise<void> {
  await db.command('DELETE FROM events WHERE tenant = {tenant:String} AND session_id = {session:String} AND seq >= {fromSeq:UInt64}', { tenant, session, fromSeq });
}

beforeAll(async () => {
  const keys = mkdtempSync(join(tmpdir(), 'ledger-other-key-'));
  otherKeyFile = join(keys, 'other.pem');
  writeFileSync(otherKeyFile, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
  // Rounds only on demand and at shutdown, so the test decides when checkpoints are taken.
  const ledger = await startTestLedger({ LEDGER_CHECKPOINT_INTERVAL_MS: '0' });
  dataDir = ledger.dataDir;
  keyFile = join(dataDir, EMBEDDED_KEY_FILE);
  for (const tenant of Object.values(tenants)) {
    for (const sessionId of Object.values(sessions)) {
      expect((await postEvents(ledger.url, toNdjson(sessionWithCalls(3, { tenant, sessionId })))).status).toBe(202);
    }
  }
  const writer = ledger.app.get(CheckpointWriter);
  for (const checkpoint of await writer.writeCheckpoints()) written[checkpoint.tenant] = (written[checkpoint.tenant] ?? 0) + 1;
  written['again'] = (await writer.writeCheckpoints()).length;
  await ledger.close();

  // The ledger is stopped: an intruder with write access to the store covers their tracks.
  const db = createLedgerDatabase({ dataDir });
  try {
    await deleteEvents(db, tenants.deleted, sessions.whole);
    await deleteEvents(db, tenants.deleted, sessions.tail, 5);
    const [checkpoint] = await db.query<Record<string, unknown>>('SELECT * FROM checkpoints FINAL WHERE tenant = {tenant:String}', { tenant: tenants.signature });
    await db.command('DELETE FROM checkpoints WHERE tenant = {tenant:String}', { tenant: tenants.signature });
    const signature = Buffer.from(String(checkpoint!['signature']), 'base64');
    signature[10] = signature[10]! ^ 0xff;
    await db.insert('checkpoints', [{ ...checkpoint, signature: signature.toString('base64') }]);
  } finally {
    await db.close();
  }
});

describe('signed checkpoints', () => {
  it('are written once per tenant, and not again while nothing changed', () => {
    expect(written).toMatchObject({ [tenants.clean]: 1, [tenants.deleted]: 1, [tenants.signature]: 1, again: 0 });
  });

  it('let verify pass an untouched store, with the key pinned', async () => {
    const result = await verifyCli(['--data-dir', dataDir, '--tenant', tenants.clean, '--public-key', keyFile]);
    expect(result.stdout).toMatch(/checked 21 events in 3 sessions and 1 checkpoints .*every chain is intact and every checkpoint holds/);
    expect(result.code).toBe(0);
  });

  it('report a deleted session and a deleted tail, which the chain alone does not show', async () => {
    const result = await verifyCli(['--data-dir', dataDir, '--tenant', tenants.deleted, '--public-key', keyFile]);
    expect(result.code).toBe(1);
    const at = String.raw`\(checkpoint \d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d`;
    expect(result.stdout).toMatch(new RegExp(`SESSION_DELETED  ${tenants.deleted}/${sessions.whole} seq 6 ${at}`));
    expect(result.stdout).toMatch(new RegExp(`TAIL_DELETED  ${tenants.deleted}/${sessions.tail} seq 6 ${at}`));
    expect(result.stdout).not.toMatch(/^(EDITED|DELETED|INSERTED|REORDERED|BROKEN_LINK) /m);
  });

  it('report a checkpoint whose signature does not verify, and say where in JSON', async () => {
    const result = await verifyCli(['--data-dir', dataDir, '--tenant', tenants.signature, '--public-key', keyFile, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { checkpoints: number; pinned: boolean; problems: { kind: string; tenant: string; checkpoint?: { createdAt: string } }[] };
    expect(report).toMatchObject({ checkpoints: 1, pinned: true });
    expect(report.problems.map((p) => p.kind)).toEqual(['checkpoint_signature']);
    expect(report.problems[0]).toMatchObject({ tenant: tenants.signature, checkpoint: { createdAt: expect.any(String) } });
  });

  it('report checkpoints signed by a key that is not the trusted one', async () => {
    const result = await verifyCli(['--data-dir', dataDir, '--tenant', tenants.clean, '--public-key', otherKeyFile]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`CHECKPOINT_UNTRUSTED_KEY  ${tenants.clean} checkpoint `));
  });

  it('refuse to start a ledger whose key file is not an Ed25519 private key', async () => {
    await expect(startTestLedger({ LEDGER_CHECKPOINT_KEY_FILE: otherKeyFile })).rejects.toThrow(/LEDGER_CHECKPOINT_KEY_FILE: .* is not an Ed25519 private key/);
  });

  it('exit 2 on a usage error', async () => {
    const result = await verifyCli(['--data-dir', dataDir, '--url', 'http://127.0.0.1:1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--url .* does not combine with --data-dir/);
    expect((await verifyCli(['--no-such-flag'])).code).toBe(2);
  });
});
