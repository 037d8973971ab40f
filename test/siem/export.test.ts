import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { canonicalJson, type LedgerEvent } from '@mcp-ledger/events';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';
import { sessionWithCalls } from '../support/event-factory';
import { authHeaders, duplicates, lines, ocsfErrors, sessionWithFinding, postToTenant, type OcsfRecord } from './siem-support';

const CLI = join(__dirname, '..', '..', 'apps', 'ledger', 'bin', 'mcp-ledger.js');
const run = promisify(execFile);

let ledger: TestLedger;
beforeAll(async () => {
  ledger = await startTestLedger();
});
afterAll(async () => ledger?.close());

const post = (tenant: string, events: readonly LedgerEvent[]) => postToTenant(ledger.url, tenant, events);

interface Page {
  status: number;
  body: string;
  next: string | null;
  hasMore: boolean;
}

async function page(tenant: string, query: Record<string, string>): Promise<Page> {
  const response = await fetch(`${ledger.url}/v1/export?${new URLSearchParams(query)}`, { headers: { 'x-ledger-tenant': tenant, ...authHeaders() } });
  return {
    status: response.status,
    body: await response.text(),
    next: response.headers.get('x-ledger-next-cursor'),
    hasMore: response.headers.get('x-ledger-has-more') === 'true',
  };
}

/** Pages through the export with `limit` until it says there is no more; returns the lines and the last cursor. */
async function exportAll(tenant: string, format: string, limit: number, cursor?: string): Promise<{ lines: string[]; cursor: string; pages: number }> {
  const all: string[] = [];
  let pages = 0;
  for (;;) {
    const answer = await page(tenant, { format, limit: String(limit), ...(cursor ? { cursor } : {}) });
    expect(answer.status, answer.body).toBe(200);
    all.push(...lines(answer.body));
    pages += 1;
    cursor = answer.next!;
    if (!answer.hasMore) return { lines: all, cursor, pages };
  }
}

/** Waits until the export has settled on `count` events (writes become exportable after a short settle time). */
async function settled(tenant: string, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { lines: got } = await exportAll(tenant, 'ndjson', 10_000);
    if (got.length >= count) return;
    if (Date.now() > deadline) throw new Error(`export has ${got.length} of ${count} events`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('SIEM export: GET /v1/export and mcp-ledger export', () => {
  it('pages every stored event exactly once as the envelope that was ingested, and resumes without gaps when old sessions arrive late', async () => {
    const tenant = `siem-${uuidv7()}`;
    const sent = [...sessionWithFinding(tenant, `a-${uuidv7()}`), ...sessionWithCalls(6, { tenant }), ...sessionWithCalls(2, { tenant })];
    await post(tenant, sent);
    await settled(tenant, sent.length);

    const first = await exportAll(tenant, 'ndjson', 7);
    expect(first.pages).toBeGreaterThan(2);
    const ids = first.lines.map((line) => (JSON.parse(line) as LedgerEvent).id);
    expect(duplicates(ids)).toEqual([]);
    expect(new Set(ids)).toEqual(new Set(sent.map((event) => event.id)));
    const byId = new Map(sent.map((event) => [event.id, canonicalJson(event)]));
    for (const line of first.lines) expect(canonicalJson(JSON.parse(line))).toBe(byId.get((JSON.parse(line) as LedgerEvent).id));

    // A session whose events are dated a year earlier, ingested after the cursor was issued.
    const late = sessionWithCalls(2, { tenant, startMs: Date.UTC(2025, 0, 1) });
    await post(tenant, late);
    await settled(tenant, sent.length + late.length);
    const resumed = await exportAll(tenant, 'ndjson', 3, first.cursor);
    expect(resumed.lines.map((line) => (JSON.parse(line) as LedgerEvent).id).sort()).toEqual(late.map((event) => event.id).sort());

    // Nothing new: the same cursor again, an empty page.
    const again = await page(tenant, { format: 'ndjson', cursor: resumed.cursor });
    expect({ status: again.status, body: again.body, next: again.next, hasMore: again.hasMore }).toEqual({ status: 200, body: '', next: resumed.cursor, hasMore: false });
  });

  it('as OCSF: one valid API Activity per event and the findings as valid Detection Findings, with no other tenant in it', async () => {
    const tenant = `siem-${uuidv7()}`;
    const other = `siem-other-${uuidv7()}`;
    const sessionId = `f-${uuidv7()}`;
    const sent = [...sessionWithFinding(tenant, sessionId), ...sessionWithCalls(4, { tenant })];
    await post(tenant, sent);
    await post(other, sessionWithCalls(2, { tenant: other }));
    await settled(tenant, sent.length);

    const { lines: got } = await exportAll(tenant, 'ocsf', 5);
    const records = got.map((line) => JSON.parse(line) as OcsfRecord);
    expect(records.map(ocsfErrors).filter(Boolean)).toEqual([]);
    expect(records.every((record) => record.metadata.tenant_uid === tenant)).toBe(true);
    const activities = records.filter((record) => record.class_uid === 6003).map((record) => record.metadata.uid);
    expect(duplicates(activities)).toEqual([]);
    expect(new Set(activities)).toEqual(new Set(sent.map((event) => event.id)));
    const findings = records.filter((record) => record.class_uid === 2004);
    const stored = await ledger.database.query<{ finding_id: string }>('SELECT finding_id FROM findings FINAL WHERE tenant = {tenant:String}', { tenant });
    expect(findings.map((record) => record.metadata.uid).sort()).toEqual(stored.map((row) => row.finding_id).sort());
    expect(findings.map((record) => record.finding_info!.types[0])).toContain('sensitive_data_egress');
    expect(JSON.stringify(records)).toContain('[REDACTED:aws_secret_access_key]');
  });

  it('mcp-ledger export pages to a file, prints the cursor, and a second run from it gets only what is new', async () => {
    const tenant = `siem-cli-${uuidv7()}`;
    const sent = sessionWithCalls(9, { tenant });
    await post(tenant, sent);
    await settled(tenant, sent.length);
    const dir = mkdtempSync(join(tmpdir(), 'mcp-ledger-export-'));
    const cli = (args: string[]) =>
      run(process.execPath, [CLI, 'export', '--url', ledger.url, '--tenant', tenant, '--limit', '4', ...args], { env: { ...process.env } });

    const first = await cli(['--format', 'ndjson', '--out', join(dir, 'first.ndjson')]);
    const ids = lines(readFileSync(join(dir, 'first.ndjson'), 'utf8')).map((line) => (JSON.parse(line) as LedgerEvent).id);
    expect(ids.sort()).toEqual(sent.map((event) => event.id).sort());
    const cursor = /next cursor: (\S+)/.exec(first.stderr)?.[1];
    expect(cursor, first.stderr).toBeDefined();

    const more = sessionWithCalls(1, { tenant });
    await post(tenant, more);
    await settled(tenant, sent.length + more.length);
    const second = await cli(['--format', 'ocsf', '--cursor', cursor!]);
    const records = lines(second.stdout).map((line) => JSON.parse(line) as OcsfRecord);
    expect(records.map(ocsfErrors).filter(Boolean)).toEqual([]);
    expect(records.map((record) => record.metadata.uid).sort()).toEqual(more.map((event) => event.id).sort());
  });

  it.each([
    [{ format: 'xml' }, /format/],
    [{ limit: '0' }, /limit/],
    [{ limit: 'ten' }, /limit/],
    [{ cursor: 'not-a-cursor' }, /cursor/],
    [{ since: 'yesterday' }, /since/],
    [{ since: '2026-11-25T00:00:00Z', cursor: 'eyJ2IjoxfQ' }, /not both/],
  ])('rejects %j with 400 and a clear JSON error', async (query, message) => {
    const answer = await page('default', query as Record<string, string>);
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.body) as { error: string; message: string };
    expect(body.error).toBe('invalid_export_request');
    expect(body.message).toMatch(message);
  });

  it('the CLI says what is wrong with a bad request', async () => {
    const failed = await run(process.execPath, [CLI, 'export', '--url', ledger.url, '--cursor', 'garbage'], { env: { ...process.env } }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect('code' in failed && failed.code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/400: cursor: not a cursor/);
  });
});
