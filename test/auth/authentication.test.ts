/**
 * Every interface refuses a missing, unknown, revoked, expired, wrongly signed or
 * under-privileged token with the documented status and code — checked for every root
 * field of the GraphQL schema (read from the schema itself, so a new field is covered
 * the day it is added), the ingest, the export and the integrity endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { authHeaders, createTestKey } from '../support/auth';
import { sealSession, toNdjson, toolCallDrafts } from '../support/event-factory';
import { graphql, graphqlData } from '../support/graphql';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';
import { createTestIssuer, JWT_AUDIENCE, JWT_ISSUER } from './jwt-issuer';
import { minimalOperation, readRootFields, type RootField } from './schema-fields';

const tenant = `auth-${uuidv7()}`;
let ledger: TestLedger;
let fields: RootField[];
const tokens: Record<string, string> = {};

/** Permission a root field needs beyond `read`; every mutation must be listed here. */
const ELEVATED: Record<string, 'admin' | 'approve'> = {
  apiKeys: 'admin',
  accessLog: 'admin',
  createApiKey: 'admin',
  revokeApiKey: 'admin',
  decideApproval: 'approve',
  approveToolDefinition: 'admin',
};

beforeAll(async () => {
  const issuer = await createTestIssuer();
  ledger = await startTestLedger({ LEDGER_JWT_ISSUER: JWT_ISSUER, LEDGER_JWT_AUDIENCE: JWT_AUDIENCE, LEDGER_JWKS: issuer.jwksFile });
  for (const role of ['viewer', 'analyst', 'ingest', 'approver']) {
    tokens[role] = await createTestKey(ledger.url, { name: `${role}-${tenant}`, roles: [role], tenants: [tenant] });
  }
  tokens['revoked'] = await createTestKey(ledger.url, { name: `revoked-${tenant}`, roles: ['analyst'], tenants: [tenant] });
  const { apiKeys } = await graphqlData<{ apiKeys: { id: string; name: string }[] }>(ledger.url, '{ apiKeys { id name } }', {}, { 'x-ledger-tenant': tenant });
  const revokedId = apiKeys.find((key) => key.name === `revoked-${tenant}`)!.id;
  await graphqlData(ledger.url, 'mutation R($id: ID!) { revokeApiKey(id: $id) { id } }', { id: revokedId }, { 'x-ledger-tenant': tenant });
  const claims = { sub: 'alice@soc.example', ledger_roles: ['viewer'], ledger_tenants: [tenant] };
  tokens['jwt'] = await issuer.sign(claims);
  tokens['expired'] = await issuer.sign(claims, { expiresIn: '-5m' });
  tokens['impostor'] = await issuer.sign(claims, { impostor: true });
  fields = await readRootFields(ledger.url);

  const events = sealSession(toolCallDrafts('c1', 'send_email', { to: 'bob@example.com', body: 'quarterly numbers' }, 'sent'), { tenant });
  const stored = await fetch(`${ledger.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${tokens['ingest']}` }, body: toNdjson(events) });
  expect(stored.status).toBe(202);
});
afterAll(async () => ledger?.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'x-ledger-tenant': tenant });

const REFUSALS = [
  { name: 'no token', headers: () => ({ authorization: '' }), status: 401, code: 'UNAUTHENTICATED', reason: 'unauthenticated' },
  { name: 'an unknown API key', headers: () => bearer('mlk_000000000000_not-a-real-key'), status: 401, code: 'UNAUTHENTICATED', reason: 'invalid_token' },
  { name: 'a revoked API key', headers: () => bearer(tokens['revoked']!), status: 401, code: 'UNAUTHENTICATED', reason: 'invalid_token' },
  { name: 'an expired JWT', headers: () => bearer(tokens['expired']!), status: 401, code: 'UNAUTHENTICATED', reason: 'token_expired' },
  { name: 'a JWT signed by another key', headers: () => bearer(tokens['impostor']!), status: 401, code: 'UNAUTHENTICATED', reason: 'invalid_token' },
  { name: 'a write-only ingest key', headers: () => bearer(tokens['ingest']!), status: 403, code: 'FORBIDDEN', reason: 'forbidden' },
] as const;

describe('GraphQL: every root field', () => {
  it('the schema has the fields this test expects to walk', () => {
    const names = fields.map((field) => field.name);
    for (const name of ['toolCalls', 'toolCall', 'session', 'servers', 'agents', 'findings', 'content', 'accessLog', 'apiKeys', 'createApiKey']) {
      expect(names).toContain(name);
    }
    for (const mutation of fields.filter((field) => field.operation === 'mutation')) {
      expect(ELEVATED, `mutation ${mutation.name} must declare the permission it needs in this test`).toHaveProperty(mutation.name);
    }
  });

  it.each(REFUSALS)('refuses $name on every field with HTTP $status $code', async ({ headers, status, code, reason }) => {
    for (const field of fields) {
      const answer = await graphql(ledger.url, minimalOperation(field), {}, headers());
      expect(answer.status, field.name).toBe(status);
      expect(answer.data ?? null, field.name).toBeNull();
      expect(answer.errors?.[0]?.extensions, field.name).toMatchObject({ code, reason });
    }
  });

  it('lets a valid JWT viewer read, and refuses it (FORBIDDEN) every field that needs more than read', async () => {
    for (const field of fields) {
      const answer = await graphql(ledger.url, minimalOperation(field), {}, bearer(tokens['jwt']!));
      if (ELEVATED[field.name]) {
        expect(answer.errors?.map((e) => e.extensions?.code), field.name).toContain('FORBIDDEN');
      } else {
        expect(answer.status, `${field.name}: ${JSON.stringify(answer.errors)}`).toBe(200);
        expect(answer.errors?.filter((e) => e.extensions?.code === 'FORBIDDEN' || e.extensions?.code === 'UNAUTHENTICATED') ?? [], field.name).toEqual([]);
      }
    }
  });

  it('refuses a tenant the token does not cover, instead of answering for its own', async () => {
    const answer = await graphql(ledger.url, '{ toolCalls(first: 1) { edges { node { callId } } } }', {}, { ...bearer(tokens['analyst']!), 'x-ledger-tenant': `other-${uuidv7()}` });
    expect(answer.status).toBe(403);
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('roles shape what a reader sees', () => {
  const QUERY = '{ toolCalls(first: 5) { edges { node { toolName arguments result { text } } } } }';
  type Calls = { toolCalls: { edges: { node: { toolName: string; arguments: Record<string, unknown>; result: { text: string } } }[] } };

  it('an analyst sees arguments and results as stored', async () => {
    const data = await graphqlData<Calls>(ledger.url, QUERY, {}, bearer(tokens['analyst']!));
    expect(data.toolCalls.edges[0]!.node.arguments).toEqual({ to: 'bob@example.com', body: 'quarterly numbers' });
    expect(data.toolCalls.edges[0]!.node.result.text).toContain('sent');
  });

  it('a viewer sees who called what, with argument and result values masked', async () => {
    const data = await graphqlData<Calls>(ledger.url, QUERY, {}, bearer(tokens['viewer']!));
    expect(data.toolCalls.edges[0]!.node.toolName).toBe('send_email');
    expect(data.toolCalls.edges[0]!.node.arguments).toEqual({ to: '[REDACTED:role]', body: '[REDACTED:role]' });
    expect(data.toolCalls.edges[0]!.node.result.text).toBe('[REDACTED:role]');
  });

  it('a viewer cannot search inside arguments (it would reveal masked values)', async () => {
    const answer = await graphql(ledger.url, '{ toolCalls(filter: { argumentsContain: "bob" }) { edges { node { callId } } } }', {}, bearer(tokens['viewer']!));
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('HTTP ingest', () => {
  const post = (headers: Record<string, string>, eventTenant = tenant) =>
    fetch(`${ledger.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', ...headers },
      body: toNdjson(sealSession(toolCallDrafts('c1', 'echo', { text: 'hi' }, 'hi'), { tenant: eventTenant })),
    });

  it.each(REFUSALS.filter((r) => r.name !== 'a write-only ingest key'))('refuses $name with HTTP $status', async ({ headers, status, reason }) => {
    const answer = await post(headers());
    expect(answer.status).toBe(status);
    expect(await answer.json()).toMatchObject({ error: reason });
  });

  it('refuses a reader key (viewer, analyst): ingest needs the ingest role', async () => {
    for (const role of ['viewer', 'analyst', 'approver']) {
      const answer = await post(bearer(tokens[role]!));
      expect(answer.status, role).toBe(403);
    }
  });

  it('refuses events of a tenant the ingest key does not cover, storing none of the batch', async () => {
    const foreign = `foreign-${uuidv7()}`;
    const answer = await post(bearer(tokens['ingest']!), foreign);
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ error: 'forbidden' });
    const [row] = await ledger.database.query<{ n: string }>('SELECT count() AS n FROM events WHERE tenant = {tenant:String}', { tenant: foreign });
    expect(Number(row!.n)).toBe(0);
  });

  it('accepts the ingest key for its own tenant', async () => {
    expect((await post(bearer(tokens['ingest']!))).status).toBe(202);
  });
});

describe('export and integrity endpoints', () => {
  const get = (path: string, headers: Record<string, string>) => fetch(`${ledger.url}${path}`, { headers });

  it.each(REFUSALS.filter((r) => r.name !== 'a write-only ingest key'))('refuse $name with HTTP $status', async ({ headers, status, reason }) => {
    for (const path of ['/v1/export?format=ndjson', '/v1/integrity/verify']) {
      const answer = await get(path, headers());
      expect(answer.status, path).toBe(status);
      expect(await answer.json(), path).toMatchObject({ error: reason });
    }
  });

  it('export needs the export permission (analyst, admin); integrity needs admin', async () => {
    for (const role of ['viewer', 'approver', 'ingest']) expect((await get('/v1/export?format=ndjson', bearer(tokens[role]!))).status, role).toBe(403);
    expect((await get('/v1/export?format=ndjson', bearer(tokens['analyst']!))).status).toBe(200);
    for (const role of ['viewer', 'analyst', 'ingest']) expect((await get('/v1/integrity/verify', bearer(tokens[role]!))).status, role).toBe(403);
    expect((await get('/v1/integrity/verify', { ...authHeaders(), 'x-ledger-tenant': tenant })).status).toBe(200);
  });

  it('health stays open for orchestrators, and says nothing of the data', async () => {
    const answer = await get('/healthz', {});
    expect(answer.status).toBe(200);
  });
});
