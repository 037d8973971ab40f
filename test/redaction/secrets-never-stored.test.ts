/**
 * Must-show for redaction: secrets planted in tool arguments, tool results and resource
 * contents never reach ClickHouse in clear — neither through the emitter (masked on the
 * host) nor posted raw to ingest past it (masked by the ledger, counted as slips) — and
 * `verify` still holds the ledger-redacted chains while catching a real edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListResourcesRequestSchema, ListToolsRequestSchema, ReadResourceRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { v7 as uuidv7 } from 'uuid';
import { createLedgerEmitter, HttpSink } from '@mcp-ledger/emitter';
import { hashJson } from '@mcp-ledger/events';
import { EventStoreWriter, verifyStoredChains } from '@mcp-ledger/ledger-core';
import { contentRef, sealSession, toNdjson } from '../support/event-factory';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';

/** The secret part of each planted credential: what must appear in no table. */
const NEEDLES = {
  aws_access_key_id: 'AKIAQWERTYUIOPASDFGH',
  aws_secret_access_key: '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',
  gcp_private_key_id: '6f1c0e9d8b7a65432109fedcba9876543210abcd',
  azure_storage_key: `Qm9ndXNBenVyZUtleQ${'x7Yz'.repeat(17)}`,
  github_token: 'ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s01',
  slack_token: 'xoxb-2718281828-3141592653-NotARealSlackToken',
  openai_api_key: 'sk-proj-Pl4nt3dOp3nA1K3yF0rR3d4ct10nT3st',
  anthropic_api_key: 'sk-ant-api03-Pl4nt3dAnthr0p1cK3yF0rT3st1ng',
  stripe_key: 'sk_live_Pl4nt3dStr1p3K3yV4lu3',
  jwt_signature: 'Xq3vJ9pL2mK8nB4vC7xZ1aS6dF0gH5jK3lQ9wE2rT8y',
  bearer_token: 'b34r3rT0k3nPl4nt3dF0rTh3T3st',
  pem_body: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Pl4nt3d',
  url_password: 'Tr0ub4dor-and-3-horses',
  password_assignment: 'C0rr3ctH0rs3B4tt3ry',
};

const JWT = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZ2VudC03In0.${NEEDLES.jwt_signature}`;
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${NEEDLES.pem_body}\nAbCdEfGh0123456789\n-----END RSA PRIVATE KEY-----`;

/** A config file an agent might read or pass around: every kind of secret, as text. */
const SECRET_TEXT = [
  `AWS_ACCESS_KEY_ID=${NEEDLES.aws_access_key_id}`,
  `aws_secret_access_key = ${NEEDLES.aws_secret_access_key}`,
  `{"type": "service_account", "private_key_id": "${NEEDLES.gcp_private_key_id}"}`,
  `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${NEEDLES.azure_storage_key}==;EndpointSuffix=core.windows.net`,
  `GITHUB_TOKEN=${NEEDLES.github_token}`,
  `slack: ${NEEDLES.slack_token}`,
  `OPENAI_API_KEY=${NEEDLES.openai_api_key}`,
  `ANTHROPIC_API_KEY=${NEEDLES.anthropic_api_key}`,
  `stripe ${NEEDLES.stripe_key}`,
  `session ${JWT}`,
  `Authorization: Bearer ${NEEDLES.bearer_token}`,
  PEM,
  `DATABASE_URL=postgres://app:${NEEDLES.url_password}@db.internal:5432/prod`,
  `login password=${NEEDLES.password_assignment}`,
].join('\n');

/** Tool arguments with the same secrets, as strings and under secret-named keys. */
const SECRET_ARGUMENTS = {
  dsn: `postgres://app:${NEEDLES.url_password}@db.internal:5432/prod`,
  headers: { Authorization: `Bearer ${NEEDLES.bearer_token}` },
  config: SECRET_TEXT,
  api_key: NEEDLES.openai_api_key,
  nested: [{ note: `use ${NEEDLES.github_token} and ${NEEDLES.aws_access_key_id}` }],
};

let ledger: TestLedger;
beforeAll(async () => {
  ledger = await startTestLedger();
});
afterAll(async () => ledger?.close());

const authorization = (): Record<string, string> => (process.env['LEDGER_TOKEN'] ? { authorization: `Bearer ${process.env['LEDGER_TOKEN']}` } : {});

async function postRaw(body: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${ledger.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...authorization() }, body });
  return { status: response.status, body: await response.text() };
}

/** Every row of every table of the store, as text. */
async function dumpStore(): Promise<Map<string, string>> {
  const tables = await ledger.database.query<{ name: string }>('SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name');
  const dump = new Map<string, string>();
  for (const { name } of tables) {
    const rows = await ledger.database.query<Record<string, unknown>>('SELECT * FROM {table:Identifier}', { table: name });
    dump.set(name, JSON.stringify(rows));
  }
  return dump;
}

function secretServer(): Server {
  const server = new Server({ name: 'vault-ish', version: '1.0.0' }, { capabilities: { tools: {}, resources: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{ name: 'deploy', description: 'Deploy with the given settings.', inputSchema: { type: 'object' as const, properties: {} } }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async () => ({ content: [{ type: 'text', text: SECRET_TEXT }], structuredContent: { password: NEEDLES.password_assignment } }));
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: [{ uri: 'file:///srv/app/.env', name: '.env' }] }));
  server.setRequestHandler(ReadResourceRequestSchema, async ({ params }) => ({ contents: [{ uri: params.uri, mimeType: 'text/plain', text: SECRET_TEXT }] }));
  return server;
}

const tenants = { emitter: `redaction-emitter-${uuidv7()}`, raw: `redaction-raw-${uuidv7()}` };

describe('secrets planted in arguments, results and resource contents', () => {
  it('are masked on the host by the emitter', async () => {
    const emitter = createLedgerEmitter({ sink: new HttpSink({ url: ledger.url }), tenant: tenants.emitter });
    const server = secretServer();
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'redaction-test', version: '1.0.0' });
    await client.connect(emitter.wrap(clientSide, { side: 'client' }));
    await client.listTools();
    await client.callTool({ name: 'deploy', arguments: SECRET_ARGUMENTS });
    await client.readResource({ uri: 'file:///srv/app/.env' });
    await client.close();
    await emitter.close();
    expect(emitter.stats()).toMatchObject({ dropped: 0, rejected: 0 });
    expect(emitter.stats().redactions).toBeGreaterThanOrEqual(Object.keys(NEEDLES).length * 3);
  });

  it('are masked by the ledger when posted raw past the emitter', async () => {
    const body = { content: [{ type: 'text', text: SECRET_TEXT }] };
    const cut = contentRef({ contents: [{ uri: 'file:///srv/app/.env', text: `${SECRET_TEXT}\n${'padding '.repeat(50)}` }] });
    const events = sealSession(
      [
        { type: 'session.started', data: { 'mcp.protocol.version': '2025-06-18', client_info: { name: 'raw', version: '1' }, server_info: { name: 'vault-ish', version: '1.0.0' } } },
        {
          type: 'tool_call.requested',
          data: { call_id: 'c1', 'jsonrpc.request.id': '1', 'gen_ai.tool.name': 'deploy', 'mcp.method.name': 'tools/call', arguments: SECRET_ARGUMENTS, arguments_hash: hashJson(SECRET_ARGUMENTS) },
        },
        { type: 'tool_call.completed', data: { call_id: 'c1', 'jsonrpc.request.id': '1', 'gen_ai.tool.name': 'deploy', is_error: false, result: contentRef(body), duration_ms: 2 } },
        {
          type: 'resource.read',
          data: {
            'mcp.method.name': 'resources/read',
            'mcp.resource.uri': `postgres://app:${NEEDLES.url_password}@db.internal:5432/prod`,
            contents: contentRef({ contents: [{ uri: 'file:///srv/app/.env', mimeType: 'text/plain', text: SECRET_TEXT }] }),
            duration_ms: 1,
          },
        },
        // A body cut at the emitter's bound is no longer JSON: redacted as text.
        { type: 'resource.read', data: { 'mcp.method.name': 'resources/read', 'mcp.resource.uri': 'file:///srv/app/.env', contents: { ...cut, truncated: true, body: cut.body.slice(0, cut.body.length - 100) }, duration_ms: 1 } },
        { type: 'session.ended', data: { reason: 'closed' } },
      ],
      { tenant: tenants.raw },
    );
    const answer = await postRaw(toNdjson(events));
    expect(answer.status, answer.body).toBe(202);

    const slips = ledger.app.get(EventStoreWriter).redaction.slips();
    for (const detector of ['aws_access_key_id', 'aws_secret_access_key', 'gcp_private_key_id', 'azure_storage_key', 'github_token', 'slack_token', 'openai_api_key', 'anthropic_api_key', 'stripe_key', 'jwt', 'bearer_token', 'private_key', 'url_password', 'password_assignment']) {
      expect(slips[detector], detector).toBeGreaterThan(0);
    }
  });

  it('appear in no table of the store, in clear', async () => {
    const dump = await dumpStore();
    expect([...dump.keys()]).toEqual(expect.arrayContaining(['events', 'tool_calls', 'contents', 'findings', 'sessions']));
    // The planted traffic did reach the store: both tenants' events are there.
    expect(dump.get('events')).toContain(tenants.emitter);
    expect(dump.get('events')).toContain(tenants.raw);
    const leaks = [...dump].flatMap(([table, text]) => Object.entries(NEEDLES).filter(([, needle]) => text.includes(needle)).map(([kind]) => `${table}: ${kind}`));
    expect(leaks).toEqual([]);
  });

  it('are counted: a secret_in_clear finding per raw event that carried one, none for the emitter, and no chain_broken', async () => {
    const findings = await ledger.database.query<{ tenant: string; kind: string; evidence: string }>(
      'SELECT tenant, kind, evidence FROM findings FINAL WHERE tenant IN {tenants:Array(String)} ORDER BY tenant, kind',
      { tenants: [tenants.emitter, tenants.raw] },
    );
    const inClear = findings.filter((f) => f.kind === 'secret_in_clear');
    expect(inClear.every((f) => f.tenant === tenants.raw)).toBe(true);
    expect(inClear.map((f) => (JSON.parse(f.evidence) as { type: string }).type).sort()).toEqual(['resource.read', 'resource.read', 'tool_call.completed', 'tool_call.requested']);
    expect(findings.filter((f) => f.kind === 'chain_broken')).toEqual([]);
  });

  it('leave the chains verifiable, and an edit elsewhere is still found', async () => {
    const before = await verifyStoredChains(ledger.database, { tenant: tenants.raw });
    expect(before.broken).toEqual([]);
    expect(before.ledgerRedacted).toBe(4);
    expect((await verifyStoredChains(ledger.database, { tenant: tenants.emitter })).broken).toEqual([]);

    const [ended] = await ledger.database.query<Record<string, unknown> & { id: string; payload: string }>(
      "SELECT * EXCEPT (ingested_at) FROM events FINAL WHERE tenant = {tenant:String} AND type = 'session.ended'",
      { tenant: tenants.raw },
    );
    await ledger.database.command('DELETE FROM events WHERE tenant = {tenant:String} AND id = {id:String}', { tenant: tenants.raw, id: ended!.id });
    await ledger.database.insert('events', [{ ...ended, payload: ended!.payload.replace('"reason":"closed"', '"reason":"error"') }]);
    const after = await verifyStoredChains(ledger.database, { tenant: tenants.raw });
    expect(after.broken.flatMap((s) => s.problems.map((p) => [p.kind, p.seq]))).toEqual([['edited', 5]]);
  });
});
