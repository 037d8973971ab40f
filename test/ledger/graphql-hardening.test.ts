import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';

let ledger: TestLedger;
beforeAll(async () => {
  ledger = await startTestLedger({ LEDGER_ENV: 'production' });
});
afterAll(async () => ledger?.close());

describe('GraphQL hardening in production mode', () => {
  it('refuses schema introspection and serves no GraphiQL page', async () => {
    const answer = await graphql(ledger.url, '{ __schema { types { name } } }');
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.errors?.[0]?.message).toMatch(/introspection/i);
    expect((await fetch(`${ledger.url}/graphiql`)).status).toBe(404);
  });

  it('refuses a query nested deeper than the limit, and still answers a normal one', async () => {
    let deep = 'seq';
    for (let i = 0; i < 9; i++) deep = `seq upstream { sources { ${deep} } }`;
    const query = `{ toolCalls { edges { node { provenance(depth: 5) { sources { ${deep} } } } } } }`;
    const answer = await graphql(ledger.url, query);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(answer.errors)).toMatch(/depth/i);
    expect(JSON.stringify(answer)).not.toMatch(/node_modules|at [A-Za-z]+ \(/);
    const normal = await graphql(ledger.url, '{ toolCalls(first: 1) { edges { node { callId } } } }');
    expect(normal.status).toBe(200);
    expect(normal.errors).toBeUndefined();
  });
});
