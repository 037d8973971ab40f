import fc from 'fast-check';
import { badTime, hostileString, sqlish } from './adversarial-values';

/** One request to /graphql, and what the ledger must do with it. */
export interface GraphqlInput {
  label: string;
  method: 'POST' | 'GET';
  /** The raw request body (POST) or query string (GET). */
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
  /**
   * `empty`: 200 and the root field `emptyField` holds nothing (null, [] or no edges), the
   * values in `sqlValues` being SQL-ish; `refuse`: 4xx with errors; `answer`: either, never 5xx.
   */
  expect: 'empty' | 'refuse' | 'answer';
  emptyField?: string;
  sqlValues?: string[];
}

const encodeKey = (parts: readonly string[]) => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
const post = (query: string, variables?: unknown, operationName?: string) => JSON.stringify({ query, variables, operationName });

/** What the seeded tenant holds that generators aim at. */
export interface GraphqlTargets {
  sessionId: string;
}

function op(label: string, query: string, variables: Record<string, unknown>, expect: GraphqlInput['expect'], extra: Partial<GraphqlInput> = {}): GraphqlInput {
  return { label, method: 'POST', body: post(query, variables), expect, ...extra };
}

const TOOL_CALLS = 'query Q($f: ToolCallFilter, $n: Int!, $a: String) { toolCalls(filter: $f, first: $n, after: $a) { edges { node { callId toolName arguments } } pageInfo { hasNextPage endCursor } } }';
const FINDINGS = 'query Q($f: FindingFilter, $n: Int!, $a: String) { findings(filter: $f, first: $n, after: $a) { edges { node { id kind } } } }';
const ACCESS_LOG = 'query Q($f: AccessLogFilter, $n: Int!, $a: String) { accessLog(filter: $f, first: $n, after: $a) { edges { node { id subject } } } }';
const APPROVALS = 'query Q($f: ApprovalFilter) { approvals(filter: $f) { id } }';

/** SQL-ish filter values on every filter field: parameterised SQL must answer "nothing". */
const sqlFilters: fc.Arbitrary<GraphqlInput> = fc.oneof(
  fc.record({ toolName: sqlish, serverName: sqlish, argumentsContain: sqlish, sessionId: sqlish }, { requiredKeys: [] }).filter((f) => Object.keys(f).length > 0)
    .map((f) => op(`toolCalls filter ${JSON.stringify(f)}`, TOOL_CALLS, { f, n: 50 }, 'empty', { emptyField: 'toolCalls', sqlValues: Object.values(f) })),
  fc.record({ kind: fc.array(sqlish, { minLength: 1, maxLength: 3 }), severity: fc.array(sqlish, { minLength: 1, maxLength: 2 }), sessionId: sqlish }, { requiredKeys: [] }).filter((f) => Object.keys(f).length > 0)
    .map((f) => op(`findings filter ${JSON.stringify(f)}`, FINDINGS, { f, n: 50 }, 'empty', { emptyField: 'findings', sqlValues: Object.values(f).flat() })),
  fc.record({ subject: sqlish, interface: sqlish, outcome: sqlish }, { requiredKeys: [] }).filter((f) => Object.keys(f).length > 0)
    .map((f) => op(`accessLog filter ${JSON.stringify(f)}`, ACCESS_LOG, { f, n: 50 }, 'empty', { emptyField: 'accessLog', sqlValues: Object.values(f) })),
  fc.record({ reviewer: sqlish, serverName: sqlish, sessionId: sqlish, toolName: sqlish }, { requiredKeys: [] }).filter((f) => Object.keys(f).length > 0)
    .map((f) => op(`approvals filter ${JSON.stringify(f)}`, APPROVALS, { f }, 'empty', { emptyField: 'approvals', sqlValues: Object.values(f) })),
  sqlish.map((id) => op(`session(id: ${id})`, 'query Q($id: ID!) { session(id: $id) { id toolCalls { edges { node { callId } } } } }', { id }, 'empty', { emptyField: 'session', sqlValues: [id] })),
  sqlish.map((hash) => op(`content(hash: ${hash})`, 'query Q($h: String!) { content(hash: $h) { hash body } }', { h: hash }, 'empty', { emptyField: 'content', sqlValues: [hash] })),
  fc.tuple(sqlish, sqlish).map(([s, c]) => op(`toolCall(id: [${s}, ${c}])`, 'query Q($id: ID!) { toolCall(id: $id) { callId } }', { id: encodeKey([s, c]) }, 'empty', { emptyField: 'toolCall', sqlValues: [s, c] })),
);

/** The same values written into the document as literals instead of variables. */
const sqlLiterals: fc.Arbitrary<GraphqlInput> = fc
  .tuple(fc.constantFrom('toolName', 'serverName', 'argumentsContain', 'sessionId'), hostileString)
  .map(([field, value]) => op(`toolCalls literal ${field}: ${JSON.stringify(value).slice(0, 60)}`, `{ toolCalls(filter: { ${field}: ${JSON.stringify(value)} }) { edges { node { callId } } } }`, {}, 'answer'));

const anyInt = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1, 1000, 1001, 2 ** 31 - 1, -(2 ** 31)));
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileString, fc.constantFrom(2 ** 53, -0.5, 1e308, 2 ** 31));

const pages = (targets: GraphqlTargets): fc.Arbitrary<GraphqlInput> => fc.oneof(
  fc.tuple(fc.constantFrom(TOOL_CALLS, FINDINGS, ACCESS_LOG), anyInt).map(([query, n]) => op(`first: ${n}`, query, { n }, 'answer')),
  fc.tuple(fc.constantFrom('toolCalls', 'findings', 'accessLog'), fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String), fc.constantFrom('1e3', '1.5', '-0')))
    .map(([field, n]) => op(`${field}(first: ${n}) literal`, `{ ${field}(first: ${n}) { edges { cursor } } }`, {}, 'answer')),
  fc.tuple(fc.constantFrom(TOOL_CALLS, FINDINGS, ACCESS_LOG), anyJson).map(([query, n]) => op(`first as ${JSON.stringify(n)?.slice(0, 40)}`, query, { n }, 'answer')),
  fc.tuple(anyInt, fc.option(anyInt)).map(([n, after]) =>
    op(`timeline(first: ${n}, afterSeq: ${after})`, 'query Q($n: Int!, $s: Int, $id: ID!) { session(id: $id) { timeline(first: $n, afterSeq: $s) { seq } } }', { n, s: after, id: targets.sessionId }, 'answer'),
  ),
);

const garbageCursor: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }),
  sqlish,
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? '', 'utf8').toString('base64url')),
  fc.tuple(badTime, sqlish, sqlish).map((parts) => encodeKey(parts)),
  fc.tuple(fc.date({ noInvalidDate: true }), sqlish, sqlish).map(([d, s, c]) => encodeKey([d.toISOString().replace('T', ' ').replace('Z', ''), s, c])),
  fc.tuple(badTime, sqlish).map((parts) => encodeKey(parts)),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => Buffer.from(s, 'utf8').toString('base64')),
);

const cursors: fc.Arbitrary<GraphqlInput> = fc
  .tuple(fc.constantFrom(TOOL_CALLS, FINDINGS, ACCESS_LOG), garbageCursor)
  .map(([query, a]) => op(`after: ${a.slice(0, 60)}`, query, { n: 5, a }, 'answer'));

const dateValue = fc.oneof(badTime, fc.integer(), fc.double(), fc.constantFrom(true, [], {}, 8.64e15 + 1, -8.64e15 - 1));

const dates: fc.Arbitrary<GraphqlInput> = fc.oneof(
  fc.tuple(fc.constantFrom(TOOL_CALLS, FINDINGS, ACCESS_LOG), fc.record({ from: dateValue, to: dateValue }, { requiredKeys: [] }))
    .map(([query, f]) => op(`dates ${JSON.stringify(f)}`, query, { f, n: 5 }, 'answer')),
  fc.tuple(fc.constantFrom('toolCalls', 'findings', 'accessLog'), fc.constantFrom('from', 'to'), fc.oneof(badTime.map((t) => JSON.stringify(t)), fc.constantFrom('123', '1.5', 'true', 'null', '[]', '{}', 'ASC')))
    .map(([field, key, literal]) => op(`${field} ${key}: ${literal}`, `{ ${field}(filter: { ${key}: ${literal} }) { edges { cursor } } }`, {}, 'answer')),
  fc.record({ from: dateValue, to: dateValue }, { requiredKeys: [] }).map((f) => op(`approvals dates ${JSON.stringify(f)}`, APPROVALS, { f }, 'answer')),
);

/** Variables of the wrong type for every argument. */
const wrongTypes: fc.Arbitrary<GraphqlInput> = fc.oneof(
  anyJson.map((f) => op(`ToolCallFilter = ${JSON.stringify(f)?.slice(0, 60)}`, TOOL_CALLS, { f, n: 5 }, 'answer')),
  fc.dictionary(fc.constantFrom('toolName', 'status', 'injectionSuspected', 'from', 'argumentsContain', 'nope', '__proto__'), anyJson, { maxKeys: 3 })
    .map((f) => op(`ToolCallFilter fields ${JSON.stringify(f).slice(0, 60)}`, TOOL_CALLS, { f, n: 5 }, 'answer')),
  anyJson.map((id) => op(`toolCall(id: ${JSON.stringify(id)?.slice(0, 40)})`, 'query Q($id: ID!) { toolCall(id: $id) { callId } }', { id }, 'answer')),
  anyJson.map((o) => op(`order: ${JSON.stringify(o)?.slice(0, 40)}`, 'query Q($o: SortOrder!) { toolCalls(order: $o) { edges { cursor } } }', { o }, 'answer')),
  fc.oneof(fc.string({ maxLength: 40 }), sqlish).map((id) => op(`toolCall(id: ${id})`, 'query Q($id: ID!) { toolCall(id: $id) { callId } }', { id }, 'answer')),
);

const TOKENS = ['{', '}', '(', ')', '[', ']', ':', '$', '!', '=', '...', '@include', 'query', 'mutation', 'subscription', 'fragment', 'on', 'toolCalls', 'edges', 'node', 'callId', 'first', 'filter', 'toolName', '"x"', '"""block"""', '1', '-1', '1.5e9', 'true', 'null', '#c\n', '\\u0000', '"\\ud800"', 'Q', '__schema', '__typename', ',', '&', '|'];
const VALID_DOC = '{ toolCalls(first: 2, filter: { toolName: "echo" }) { edges { node { callId toolName session { id } } } pageInfo { endCursor } } }';

const documents: fc.Arbitrary<GraphqlInput> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }).map((q) => op(`document ${JSON.stringify(q.slice(0, 60))}`, q, {}, 'answer')),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => op(`token soup ${t.join(' ').slice(0, 60)}`, t.join(' '), {}, 'answer')),
  fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...TOKENS)), { minLength: 1, maxLength: 4 }).map((edits) => {
    let doc = VALID_DOC;
    for (const [at, remove, insert] of edits) {
      const i = at % (doc.length + 1);
      doc = doc.slice(0, i) + insert + doc.slice(i + remove);
    }
    return op(`edited document ${doc.slice(0, 80)}`, doc, {}, 'answer');
  }),
  fc.integer({ min: 1, max: 40 }).map((depth) => {
    let inner = 'callId';
    for (let i = 0; i < depth; i++) inner = `callId session { toolCalls(first: 2) { edges { node { ${inner} } } } }`;
    return op(`nested ${depth} deep`, `{ toolCalls(first: 2) { edges { node { ${inner} } } } }`, {}, 'answer');
  }),
  fc.integer({ min: 1, max: 5000 }).map((n) => op(`${n} open braces`, '{'.repeat(n), {}, 'refuse')),
  fc.integer({ min: 1, max: 300 }).map((n) => op(`${n} aliases of toolCalls(first: 1000)`, `{ ${Array.from({ length: n }, (_, i) => `a${i}: toolCalls(first: 1000) { edges { node { callId } } }`).join(' ')} }`, {}, 'answer')),
  // The prefix keeps the name out of the schema.
  fc.stringMatching(/^[A-Za-z0-9_]{0,20}$/)
    .map((tail) => `zz${tail}`)
    .chain((name) => fc.constantFrom(`{ ${name} }`, `{ toolCalls { edges { node { ${name} } } } }`, `{ toolCalls(${name}: 1) { edges { cursor } } }`, `{ findings { edges { node { id ${name} } } } }`))
    .map((q) => op(`unknown field or argument: ${q}`, q, {}, 'refuse')),
  fc.constantFrom('subscription { findingRaised { id } }', 'subscription S { approvalRequested { id } }').map((q) => op(`subscription over POST: ${q}`, q, {}, 'refuse')),
  sqlish.map((id) => op(`revokeApiKey(id: ${id})`, 'mutation M($id: ID!) { revokeApiKey(id: $id) { id } }', { id }, 'refuse')),
  sqlish.map((id) => op(`decideApproval(id: ${id})`, 'mutation M($id: ID!) { decideApproval(id: $id, decision: APPROVE, comment: "fuzz") { id } }', { id }, 'refuse')),
);

/** Requests that are not a well-formed GraphQL request at all. */
const rawRequests: fc.Arbitrary<GraphqlInput> = fc.oneof(
  fc.oneof(fc.string({ unit: 'binary', maxLength: 100 }), fc.constantFrom('', '{', '{"query":', 'null', '[]', '[{"query":"{ servers { name } }"}]', '{}', '{"query":null}'))
    .map((body) => ({ label: `raw body ${JSON.stringify(body.slice(0, 60))}`, method: 'POST' as const, body, expect: 'answer' as const })),
  fc.jsonValue({ maxDepth: 3 }).map((body) => ({ label: `JSON body ${JSON.stringify(body)?.slice(0, 60)}`, method: 'POST' as const, body: JSON.stringify(body) ?? 'null', expect: 'answer' as const })),
  fc.record({ query: anyJson, variables: anyJson, operationName: anyJson }, { requiredKeys: [] })
    .map((body) => ({ label: `request fields ${JSON.stringify(body).slice(0, 80)}`, method: 'POST' as const, body: JSON.stringify(body), expect: 'answer' as const })),
  // Mercurius reads a query that parses as JSON as a ready-made AST.
  fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom({ kind: 'Document' }, { kind: 'Document', definitions: 5 }, { kind: 'Document', definitions: [{ kind: 'OperationDefinition' }] }))
    .map((ast) => op(`query as JSON ${JSON.stringify(ast)?.slice(0, 60)}`, JSON.stringify(ast) ?? 'null', {}, 'answer')),
  fc.tuple(fc.constantFrom('text/plain', 'application/graphql', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16'), fc.constantFrom(post(VALID_DOC), VALID_DOC, 'query=x'))
    .map(([contentType, body]) => ({ label: `${contentType} body ${body.slice(0, 40)}`, method: 'POST' as const, body, contentType, expect: 'answer' as const })),
  fc.tuple(fc.oneof(fc.constant(VALID_DOC), fc.constant('mutation { revokeApiKey(id: "x") { id } }'), fc.string({ maxLength: 60 }), sqlish), fc.option(fc.oneof(fc.constant('{"x":'), anyJson.map((v) => JSON.stringify(v) ?? ''))))
    .map(([query, variables]) => ({
      label: `GET ${query.slice(0, 60)} variables ${variables?.slice(0, 30)}`,
      method: 'GET' as const,
      body: `query=${encodeURIComponent(query)}${variables === null ? '' : `&variables=${encodeURIComponent(variables)}`}`,
      expect: 'answer' as const,
    })),
  fc.oneof(sqlish, fc.constantFrom('', ' ', '*', '../default', 'a'.repeat(200)))
    .map((tenant) => op(`x-ledger-tenant: ${tenant}`, VALID_DOC, {}, 'answer', { headers: { 'x-ledger-tenant': tenant.replace(/[^\x20-\x7e]/g, ' ') } })),
);

/** GraphQL requests, most of them adversarial; `empty` ones use values no tenant data holds. */
export const graphqlInput = (targets: GraphqlTargets): fc.Arbitrary<GraphqlInput> => fc.oneof(
  { arbitrary: sqlFilters, weight: 30 },
  { arbitrary: sqlLiterals, weight: 5 },
  { arbitrary: pages(targets), weight: 10 },
  { arbitrary: cursors, weight: 10 },
  { arbitrary: dates, weight: 10 },
  { arbitrary: wrongTypes, weight: 10 },
  { arbitrary: documents, weight: 15 },
  { arbitrary: rawRequests, weight: 10 },
);
