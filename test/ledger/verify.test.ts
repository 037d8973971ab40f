import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLedgerDatabase, type LedgerDatabase } from '@mcp-ledger/clickhouse';
import { postEvents, sessionWithCalls, toNdjson } from '../support/event-factory';
import { startTestLedger } from '../support/in-process-ledger';

const CLI = join(__dirname, '..', '..', 'apps', 'ledger', 'bin', 'mcp-ledger.js');
const CASES = ['untouched', 'edited', 'deleted', 'inserted', 'reordered'] as const;
let dataDir: string;

interface Row {
  tenant: string;
  id: string;
  type: string;
  specversion: string;
  time: string;
  session_id: string;
  seq: number;
  source_kind: string;
  server_name: string;
  prev_hash: string;
  hash: string;
  payload: string;
}

async function rows(db: LedgerDatabase, tenant: string): Promise<Row[]> {
  const found = await db.query<Row>(
    'SELECT * EXCEPT (ingested_at) FROM events FINAL WHERE tenant = {tenant:String} ORDER BY seq',
    { tenant },
  );
  return found.map((row) => ({ ...row, seq: Number(row.seq) }));
}

async function remove(db: LedgerDatabase, tenant: string, ids: string[]): Promise<void> {
  await db.command('DELETE FROM events WHERE tenant = {tenant:String} AND id IN {ids:Array(String)}', { tenant, ids });
}

/** What an attacker with write access to the store might do, one case per tenant. */
async function tamper(db: LedgerDatabase): Promise<void> {
  const edited = await rows(db, 'verify-edited');
  const victim = edited.find((row) => row.payload.includes('message 1'))!;
  await remove(db, 'verify-edited', [victim.id]);
  await db.insert('events', [{ ...victim, payload: victim.payload.replace('message 1', 'message 9') }]);

  const deleted = await rows(db, 'verify-deleted');
  await remove(db, 'verify-deleted', [deleted[3]!.id]);

  const inserted = await rows(db, 'verify-inserted');
  const forged = { ...inserted[2]!, id: '019ab7a4-6f70-7000-8000-0000000000ff', hash: `sha256:${'e'.repeat(64)}` };
  await db.insert('events', [{ ...forged, payload: forged.payload.replace(inserted[2]!.id, forged.id) }]);

  const reordered = await rows(db, 'verify-reordered');
  const [third, fourth] = [reordered[3]!, reordered[4]!];
  await remove(db, 'verify-reordered', [third.id, fourth.id]);
  await db.insert('events', [
    { ...fourth, seq: 3, payload: fourth.payload.replace('"seq":4', '"seq":3') },
    { ...third, seq: 4, payload: third.payload.replace('"seq":3', '"seq":4') },
  ]);
}

async function verify(tenant: string) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'verify', '--data-dir', dataDir, '--tenant', tenant], { timeout: 90_000 });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: `${failed.stdout}${failed.stderr}` };
  }
}

beforeAll(async () => {
  const ledger = await startTestLedger();
  dataDir = ledger.dataDir;
  for (const name of CASES) {
    expect((await postEvents(ledger.url, toNdjson(sessionWithCalls(3, { tenant: `verify-${name}` })))).status).toBe(202);
  }
  await ledger.close();
  // The ledger is stopped: the store is ours to tamper with, as an intruder's would be.
  const db = createLedgerDatabase({ dataDir });
  try {
    await tamper(db);
  } finally {
    await db.close();
  }
});

describe('mcp-ledger verify', () => {
  it('passes an untouched ledger', async () => {
    const run = await verify('verify-untouched');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/checked 7 events in 1 sessions .*every chain is intact/);
  });

  it.each([
    ['edited', /EDITED {2}verify-edited\/\S+ seq \d+/],
    ['deleted', /DELETED {2}verify-deleted\/\S+ seq 3/],
    ['inserted', /INSERTED {2}verify-inserted\/\S+ seq 2 \(event 019ab7a4-6f70-7000-8000-0000000000ff\)/],
    ['reordered', /REORDERED {2}verify-reordered\/\S+ seq [34]/],
  ])('reports the %s event with its location', async (name, pattern) => {
    const run = await verify(`verify-${name}`);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(pattern);
  });
});
