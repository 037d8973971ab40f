/**
 * What one token may ask: an abusive query is refused before it runs (cost), a token that
 * sends too much is slowed down (429, per token, others unaffected), and both — like every
 * refusal — land in the access log that admins query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createTestKey } from '../support/auth';
import { graphql, graphqlData } from '../support/graphql';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';

const tenant = `limits-${uuidv7()}`;
let ledger: TestLedger;
let noisy: string;
let quiet: string;
const as = (token: string) => ({ authorization: `Bearer ${token}`, 'x-ledger-tenant': tenant });

beforeAll(async () => {
  // 60 a minute: bursts of 10, then one a second.
  ledger = await startTestLedger({ LEDGER_RATE_LIMIT_PER_MINUTE: '60', LEDGER_GRAPHQL_MAX_COST: '20000' });
  noisy = await createTestKey(ledger.url, { name: `noisy-${tenant}`, roles: ['analyst'], tenants: [tenant] });
  quiet = await createTestKey(ledger.url, { name: `quiet-${tenant}`, roles: ['analyst'], tenants: [tenant] });
});
afterAll(async () => ledger?.close());

describe('GraphQL limits', () => {
  it('refuses a query whose estimated cost is over the limit, without running it', async () => {
    const abusive = `{ toolCalls(first: 1000) { edges { node { callId provenance(depth: 5) { sources { seq
      upstream { sources { seq upstream { sources { seq upstream { sources { seq } } } } } } } } } } } }`;
    const answer = await graphql(ledger.url, abusive, {}, as(quiet));
    expect(answer.status).toBe(400);
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(answer.errors?.[0]?.message).toMatch(/limit is 20000/);
  });

  it('prices pagination with the variables actually sent', async () => {
    const query = 'query Q($n: Int) { toolCalls(first: $n) { edges { node { callId provenance { sources { seq score } } } } } }';
    expect((await graphql(ledger.url, query, { n: 50 }, as(quiet))).errors).toBeUndefined();
    expect((await graphql(ledger.url, query, { n: 1000 }, as(quiet))).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  });

  it('slows down one token that sends too much (429 + Retry-After), leaving others alone', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${ledger.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...as(noisy) },
          body: JSON.stringify({ query: '{ toolCalls(first: 1) { edges { node { callId } } } }' }),
        }),
      ),
    );
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await limited[0]!.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('RATE_LIMITED');
    expect((await graphql(ledger.url, '{ toolCalls(first: 1) { edges { node { callId } } } }', {}, as(quiet))).status).toBe(200);
  });

  it('keeps every request and refusal in the access log, readable by admins only', async () => {
    type Log = { accessLog: { edges: { node: { subject: string; status: number; errorCode: string; operation: string; query: string } }[] } };
    let log: Log | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      log = await graphqlData<Log>(
        ledger.url,
        'query Audit { accessLog(first: 200) { edges { node { subject status errorCode operation query } } } }',
        {},
        { 'x-ledger-tenant': tenant },
      );
      if (log.accessLog.edges.some((edge) => edge.node.errorCode === 'rate_limited')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const entries = log!.accessLog.edges.map((edge) => edge.node);
    expect(entries.filter((entry) => entry.subject === `key:noisy-${tenant}` && entry.status === 429 && entry.errorCode === 'rate_limited').length).toBeGreaterThanOrEqual(5);
    expect(entries.some((entry) => entry.subject === `key:quiet-${tenant}` && entry.query.includes('provenance(depth: 5)'))).toBe(true);
    const refused = await graphql(ledger.url, '{ accessLog { edges { node { subject } } } }', {}, as(quiet));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
