import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_LOG, type AccessLogWriter } from '@mcp-ledger/ledger-core';
import { authHeaders } from '../support/auth';
import { postEvents, sessionWithCalls, toNdjson } from '../support/event-factory';
import { graphqlData } from '../support/graphql';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';
import { SQL_MARKERS } from './adversarial-values';
import { graphqlProblem, ingestProblem, type HttpAnswer } from './answer-checks';
import { graphqlInput, type GraphqlInput } from './graphql-inputs';
import { ingestInput, type IngestInput } from './ingest-inputs';

/**
 * The ledger under a stream of malformed and adversarial requests (docs/ingest.md,
 * "Fuzzing"): every one is answered, none with a 5xx, every refusal says why in a
 * machine-readable code, SQL-ish values stay values, and a refused batch stores nothing.
 * Reproduce a run with FUZZ_SEED=<seed printed below>.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261125);
const INGEST_RUNS = 6000;
const GRAPHQL_RUNS = 5000;
const CONCURRENCY = 8;
const MAX_EVENT_BYTES = 64 * 1024;

const ingestTenant = `fuzz-ingest-${uuidv7()}`;
const queryTenant = `fuzz-query-${uuidv7()}`;
const seeded = sessionWithCalls(3, { tenant: queryTenant });
const seededSessionId = seeded[0]!.session_id;

let ledger: TestLedger;
let tablesBefore: string[];
const sent = { ingest: 0, graphql: 0, graphqlAsQueryTenant: 0 };
const acceptedIds = new Set<string>();
const refusedIds = new Set<string>();
const answers = new Map<number, number>();

async function tableNames(): Promise<string[]> {
  const rows = await ledger.database.query<{ name: string }>('SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name');
  return rows.map((row) => row.name);
}

/** Sends every input, CONCURRENCY at a time, and collects what was wrong with the answers. */
async function sendAll<T>(inputs: readonly T[], send: (input: T) => Promise<HttpAnswer>, problem: (input: T, answer: HttpAnswer) => string | undefined, describeInput: (input: T) => string): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++;
      const input = inputs[index]!;
      let answer: HttpAnswer;
      try {
        answer = await send(input);
      } catch (error) {
        answer = { status: 0, text: `no answer: ${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? '')}` };
      }
      answers.set(answer.status, (answers.get(answer.status) ?? 0) + 1);
      const wrong = answer.status === 0 ? answer.text : problem(input, answer);
      if (wrong) failures.push(`#${index} ${describeInput(input)}\n    → ${wrong}\n    ← ${answer.status} ${answer.text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failures;
}

async function sendIngest(input: IngestInput): Promise<HttpAnswer> {
  sent.ingest++;
  const headers: Record<string, string> = { ...authHeaders() };
  if (input.contentType !== undefined) headers['content-type'] = input.contentType;
  const response = await fetch(`${ledger.url}/v1/events`, { method: 'POST', headers, body: input.body, signal: AbortSignal.timeout(60_000) });
  const answer = { status: response.status, text: await response.text() };
  for (const id of input.eventIds) (answer.status === 202 ? acceptedIds : refusedIds).add(id);
  return answer;
}

async function sendGraphql(input: GraphqlInput): Promise<HttpAnswer> {
  sent.graphql++;
  if (input.headers?.['x-ledger-tenant'] === undefined) sent.graphqlAsQueryTenant++;
  const headers: Record<string, string> = { ...authHeaders(), 'x-ledger-tenant': queryTenant, ...input.headers };
  const init: RequestInit = { method: input.method, headers, signal: AbortSignal.timeout(60_000) };
  let url = `${ledger.url}/graphql`;
  if (input.method === 'GET') url += `?${input.body}`;
  else {
    headers['content-type'] = input.contentType ?? 'application/json';
    init.body = input.body;
  }
  const response = await fetch(url, init);
  return { status: response.status, text: await response.text() };
}

const report = (what: string, failures: string[]) =>
  `${failures.length} ${what} answered wrongly (FUZZ_SEED=${SEED}); the first ones:\n${failures.slice(0, 15).join('\n')}`;

beforeAll(async () => {
  console.log(`fuzz seed ${SEED}: reproduce with FUZZ_SEED=${SEED}`);
  ledger = await startTestLedger({
    LEDGER_MAX_EVENT_BYTES: String(MAX_EVENT_BYTES),
    LEDGER_MAX_REQUEST_BYTES: String(256 * 1024),
    // Thousands of reads from one token in a minute: the per-token budget is not what is under test.
    LEDGER_RATE_LIMIT_PER_MINUTE: '100000000',
  });
  expect(await postEvents(ledger.url, toNdjson(seeded))).toMatchObject({ status: 202 });
  tablesBefore = await tableNames();
  // The oracle of the SQL-ish filters: nothing in the seeded tenant looks like them.
  const searchable = await ledger.database.query<Record<string, string>>(
    'SELECT session_id, tool_name, server_name, ifNull(arguments, \'\') AS arguments FROM tool_calls FINAL WHERE tenant = {tenant:String}',
    { tenant: queryTenant },
  );
  expect(searchable).toHaveLength(3);
  expect(searchable.flatMap((row) => Object.values(row)).filter((text) => SQL_MARKERS.test(text))).toEqual([]);
}, 120_000);

afterAll(async () => {
  console.log(`fuzz seed ${SEED}: sent ${sent.ingest} ingest bodies and ${sent.graphql} GraphQL operations; answers by status ${JSON.stringify(Object.fromEntries([...answers].sort()))}`);
  await ledger?.close();
});

describe('adversarial inputs', () => {
  it(`answers ${INGEST_RUNS} malformed or adversarial ingest bodies with a clear refusal, never a 5xx`, async () => {
    const inputs = fc.sample(ingestInput(ingestTenant), { seed: SEED, numRuns: INGEST_RUNS });
    const failures = await sendAll(inputs, sendIngest, ingestProblem, (input) => `${input.label} [${input.contentType ?? 'no content type'}] ${typeof input.body === 'string' ? JSON.stringify(input.body.slice(0, 160)) : `${input.body.length} bytes`}`);
    expect(failures, report('ingest bodies', failures)).toEqual([]);
    // Most inputs are bad, but the run did reach the store.
    expect(acceptedIds.size).toBeGreaterThan(0);
  }, 600_000);

  it(`answers ${GRAPHQL_RUNS} adversarial GraphQL operations with data or a known error code; SQL-ish values match nothing`, async () => {
    const inputs = fc.sample(graphqlInput({ sessionId: seededSessionId }), { seed: SEED, numRuns: GRAPHQL_RUNS });
    const failures = await sendAll(inputs, sendGraphql, graphqlProblem, (input) => `${input.method} ${input.label} ${input.body.slice(0, 160)}`);
    expect(failures, report('GraphQL operations', failures)).toEqual([]);
  }, 600_000);

  it('stored exactly the batches it acknowledged: no event of a refused batch, not even its valid lines', async () => {
    const rows = await ledger.database.query<{ id: string; tenant: string }>('SELECT toString(id) AS id, tenant FROM events FINAL');
    const inTenant = rows.filter((row) => row.tenant === ingestTenant).map((row) => row.id);
    expect(new Set(inTenant)).toEqual(acceptedIds);
    expect(inTenant).toHaveLength(acceptedIds.size);
    expect(rows.filter((row) => refusedIds.has(row.id))).toEqual([]);
    // Projections agree: no tool call or session of a refused batch either.
    const acceptedSessions = new Set(
      (await ledger.database.query<{ session_id: string }>('SELECT DISTINCT session_id FROM events FINAL WHERE tenant = {tenant:String}', { tenant: ingestTenant }))
        .map((row) => row.session_id),
    );
    const projected = await ledger.database.query<{ session_id: string }>(
      'SELECT DISTINCT session_id FROM tool_calls FINAL WHERE tenant = {tenant:String} UNION DISTINCT SELECT session_id FROM sessions FINAL WHERE tenant = {tenant:String}',
      { tenant: ingestTenant },
    );
    expect(projected.filter((row) => !acceptedSessions.has(row.session_id))).toEqual([]);
  });

  it('kept its access log: every operation was written, whatever its name or text held', async () => {
    await ledger.app.get<AccessLogWriter>(ACCESS_LOG).flush();
    const [row] = await ledger.database.query<{ n: string }>("SELECT count() AS n FROM access_log WHERE tenant = {tenant:String} AND interface = 'graphql'", { tenant: queryTenant });
    expect(Number(row!.n)).toBeGreaterThanOrEqual(sent.graphqlAsQueryTenant);
  });

  it('is still healthy afterwards, with every table and the seeded data intact, after at least 10,000 inputs', async () => {
    expect(sent.ingest + sent.graphql).toBeGreaterThanOrEqual(10_000);
    expect((await fetch(`${ledger.url}/healthz`)).status).toBe(200);
    expect(await tableNames()).toEqual(tablesBefore);
    const query = 'query Q($f: ToolCallFilter) { toolCalls(filter: $f, first: 10) { edges { node { callId } } } }';
    const asQueryTenant = { 'x-ledger-tenant': queryTenant };
    type Calls = { toolCalls: { edges: { node: { callId: string } }[] } };
    const all = await graphqlData<Calls>(ledger.url, query, {}, asQueryTenant);
    expect(all.toolCalls.edges.map((edge) => edge.node.callId).sort()).toEqual(['call-0', 'call-1', 'call-2']);
    // The same filter with and without an injection: the value is compared, never run.
    const echo = await graphqlData<Calls>(ledger.url, query, { f: { toolName: 'echo' } }, asQueryTenant);
    const injected = await graphqlData<Calls>(ledger.url, query, { f: { toolName: "echo' OR '1'='1" } }, asQueryTenant);
    expect([echo.toolCalls.edges.length, injected.toolCalls.edges.length]).toEqual([3, 0]);
    // Objects in this process (the ledger runs in it) were not polluted by `__proto__` keys.
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
