import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { computeEventHash, type LedgerEvent } from '@mcp-ledger/events';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';
import { sessionWithCalls } from '../support/event-factory';
import { checkOcsfChains } from './ocsf-chain.verifier';
import { authHeaders, lines, ocsf19Errors, sessionWithFinding, postToTenant, type OcsfRecord } from './siem-support';

const CLI = join(__dirname, '..', '..', 'apps', 'ledger', 'bin', 'mcp-ledger.js');
const run = promisify(execFile);

interface ChainedRecord extends OcsfRecord {
  metadata: OcsfRecord['metadata'] & { version: string };
  attestation_list?: { chain_uid: string; fingerprint: { value: string }; prev_event?: { uid: string } }[];
}

let ledger: TestLedger;
beforeAll(async () => {
  ledger = await startTestLedger();
});
afterAll(async () => ledger?.close());

const post = (tenant: string, events: readonly LedgerEvent[]) => postToTenant(ledger.url, tenant, events);

async function get(tenant: string, query: Record<string, string>) {
  const response = await fetch(`${ledger.url}/v1/export?${new URLSearchParams(query)}`, { headers: { 'x-ledger-tenant': tenant, ...authHeaders() } });
  return { status: response.status, body: await response.text(), next: response.headers.get('x-ledger-next-cursor'), hasMore: response.headers.get('x-ledger-has-more') === 'true' };
}

/** Every line of the tenant's export, page by page (`limit` small, so links cross pages). */
async function exportAll(tenant: string, query: Record<string, string>): Promise<string[]> {
  const all: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await get(tenant, { ...query, ...(cursor ? { cursor } : {}) });
    expect(page.status, page.body).toBe(200);
    all.push(...lines(page.body));
    cursor = page.next!;
    if (!page.hasMore) return all;
  }
}

/** Waits until `count` events are exportable (the export waits a settle time after each write). */
async function settled(tenant: string, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await exportAll(tenant, { format: 'ndjson', limit: '10000' })).length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} events became exportable`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const chainOf = (tenant: string, events: readonly LedgerEvent[]) => [`${tenant}/${events[0]!.session_id}`, events.map((event) => event.id)] as const;

describe('OCSF 1.9.0-dev export: the hash chain as record_integrity', () => {
  const tenant = `siem-chain-${uuidv7()}`;
  const withFinding = sessionWithFinding(tenant, `f-${uuidv7()}`);
  const calls = sessionWithCalls(5, { tenant });
  let records: ChainedRecord[];

  beforeAll(async () => {
    // The second half of each session arrives in a later batch, so links reach back across batches and pages.
    await post(tenant, [...withFinding.slice(0, 4), ...calls.slice(0, 5)]);
    await post(tenant, [...calls.slice(5), ...withFinding.slice(4)]);
    await settled(tenant, withFinding.length + calls.length);
    records = (await exportAll(tenant, { format: 'ocsf', ocsf_version: '1.9.0-dev', limit: '3' })).map((line) => JSON.parse(line) as ChainedRecord);
  });

  it('exports valid 1.9.0-dev records: each event with its attestation, the findings beside them', () => {
    expect(records.map(ocsf19Errors).filter(Boolean)).toEqual([]);
    expect(records.every((record) => record.metadata.version === '1.9.0-dev')).toBe(true);
    const activities = records.filter((record) => record.class_uid === 6003);
    expect(activities).toHaveLength(withFinding.length + calls.length);
    expect(activities.every((record) => record.attestation_list?.length === 1)).toBe(true);
    expect(records.filter((record) => record.class_uid === 2004).map((record) => record.finding_info!.types[0])).toContain('sensitive_data_egress');
  });

  it('a consumer re-verifies the chains from the records alone, and their prev_event links give each session in seq order', () => {
    const { chains, problems } = checkOcsfChains(records);
    expect(problems).toEqual([]);
    expect(chains).toEqual(new Map([chainOf(tenant, withFinding), chainOf(tenant, calls)]));
  });

  it('the same check finds a record the SIEM lost', () => {
    const lost = calls[3]!.id;
    const { problems } = checkOcsfChains(records.filter((record) => record.metadata.uid !== lost));
    expect(problems).toContain(`${tenant}/${calls[0]!.session_id}: ${calls[4]!.id} (seq 4) links to ${lost}, which is not among the records`);
  });

  it('each fingerprint is the stored event hash, and re-derives from the stored envelope (format=ndjson)', async () => {
    const stored = await ledger.database.query<{ id: string; hash: string }>('SELECT id, hash FROM events FINAL WHERE tenant = {tenant:String}', { tenant });
    const fingerprints = new Map(records.filter((r) => r.class_uid === 6003).map((r) => [r.metadata.uid, `sha256:${r.attestation_list![0]!.fingerprint.value}`]));
    expect(fingerprints).toEqual(new Map(stored.map((row) => [row.id, row.hash])));
    const envelopes = (await exportAll(tenant, { format: 'ndjson', limit: '10000' })).map((line) => JSON.parse(line) as LedgerEvent);
    for (const envelope of envelopes) expect(fingerprints.get(envelope.id)).toBe(computeEventHash(envelope));
  });

  it('the default export stays OCSF 1.8.0, without attestation', async () => {
    const legacy = (await exportAll(tenant, { format: 'ocsf', limit: '1000' })).map((line) => JSON.parse(line) as ChainedRecord);
    expect(legacy.map((record) => record.metadata.version)).toEqual(legacy.map(() => '1.8.0'));
    expect(legacy.filter((record) => 'attestation_list' in record)).toEqual([]);
  });
});

describe('OCSF 1.9.0-dev export: what it does not claim, and how it refuses', () => {
  it('gives no prev_event to an event whose predecessor is not stored, rather than invent an id', async () => {
    const tenant = `siem-gap-${uuidv7()}`;
    const session = sessionWithCalls(1, { tenant }); // seq 0, 1, 2
    await post(tenant, [session[0]!, session[2]!]);
    await settled(tenant, 2);
    const records = (await exportAll(tenant, { format: 'ocsf', ocsf_version: '1.9.0-dev' })).map((line) => JSON.parse(line) as ChainedRecord);
    const orphan = records.find((record) => record.metadata.uid === session[2]!.id)!;
    expect(orphan.attestation_list![0]).not.toHaveProperty('prev_event');
    const chain = `${tenant}/${session[0]!.session_id}`;
    expect(checkOcsfChains(records).problems).toEqual([
      `${chain}: ${session[2]!.id} (seq 2) has no prev_event: its predecessor is not known`,
      `${chain}: 1 record(s) not reachable from seq 0`,
    ]);
  });

  it.each([
    [{ format: 'ocsf', ocsf_version: '1.9' }, 'ocsf_version: expected one of 1.8.0, 1.9.0-dev, got "1.9"'],
    [{ format: 'ndjson', ocsf_version: '1.9.0-dev' }, 'ocsf_version applies to format=ocsf only'],
  ])('rejects %j with 400 and says why', async (query, message) => {
    const answer = await get('default', query);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: 'invalid_export_request', message });
  });

  it('mcp-ledger export --ocsf-version 1.9.0-dev writes chained records; an unknown version is refused with a clear message', async () => {
    const tenant = `siem-cli-chain-${uuidv7()}`;
    const session = sessionWithCalls(2, { tenant });
    await post(tenant, session);
    await settled(tenant, session.length);
    const cli = (args: string[]) => run(process.execPath, [CLI, 'export', '--url', ledger.url, '--tenant', tenant, ...args], { env: { ...process.env } });

    const { stdout } = await cli(['--format', 'ocsf', '--ocsf-version', '1.9.0-dev', '--limit', '2']);
    const records = lines(stdout).map((line) => JSON.parse(line) as ChainedRecord);
    expect(records.map(ocsf19Errors).filter(Boolean)).toEqual([]);
    expect(checkOcsfChains(records)).toEqual({ chains: new Map([chainOf(tenant, session)]), problems: [] });

    const failed = await cli(['--ocsf-version', '2.0']).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failed && failed.code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain('--ocsf-version "2.0" is not supported (supported: 1.8.0, 1.9.0-dev)');
  });
});
