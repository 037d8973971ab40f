import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInjectionTraces } from '@mcp-ledger/ingest-client';
import { graphqlData } from '../support/graphql';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';
import { authHeaders } from '../support/auth';

const TRACES = join(__dirname, '..', 'fixtures', 'provenance', 'traces.jsonl');
const tenant = 'provenance-fixture';
const headers = { 'x-ledger-tenant': tenant };
let ledger: TestLedger;

beforeAll(async () => {
  ledger = await startTestLedger();
  const result = await importInjectionTraces({ url: ledger.url, file: TRACES, tenant });
  expect(result).toMatchObject({ traces: 3, invalid: [] });
});
afterAll(async () => ledger?.close());

interface Node {
  id: string;
  callId: string;
  seq: number;
  session: { externalId: string };
  provenance: { origin: string; injectionSuspected: boolean; score: number; sources: { seq: number; score: number; contentHash: string }[] } | null;
}

/** The query the evaluation uses, page by page (issue 5). */
async function allCalls(): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { toolCalls: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await graphqlData(
      ledger.url,
      `query P($after: String) { toolCalls(first: 500, after: $after) { edges { node {
         id callId seq session { externalId }
         provenance { origin injectionSuspected score sources { seq score contentHash } } } }
         pageInfo { hasNextPage endCursor } } }`,
      { after },
      headers,
    );
    nodes.push(...page.toolCalls.edges.map((e) => e.node));
    if (!page.toolCalls.pageInfo.hasNextPage) return nodes;
    after = page.toolCalls.pageInfo.endCursor;
  }
}

const find = (nodes: Node[], trace: string, callId: string) =>
  nodes.find((n) => n.session.externalId === trace && n.callId === callId)!;

describe('provenance through GraphQL', () => {
  it('keeps the trace identifiers and flags the calls the poisoned result caused, with it as top source', async () => {
    const nodes = await allCalls();
    expect(nodes).toHaveLength(3 + 2 + 3);
    const exfil = find(nodes, 'fixture-injected-1', 'c3');
    expect(exfil.seq).toBe(6);
    expect(exfil.provenance).toMatchObject({ injectionSuspected: true });
    expect(exfil.provenance!.origin).not.toBe('USER');
    expect(exfil.provenance!.sources.length).toBeGreaterThan(0);
    const scores = exfil.provenance!.sources.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect([3, 5]).toContain(exfil.provenance!.sources[0]!.seq);
    expect(find(nodes, 'fixture-injected-1', 'c2').provenance).toMatchObject({ injectionSuspected: true });
    expect(find(nodes, 'fixture-injected-1', 'c2').provenance!.sources[0]!.seq).toBe(3);
  });

  it('does not flag the user who typed the address themselves, nor the first read', async () => {
    const nodes = await allCalls();
    expect(find(nodes, 'fixture-benign-1', 'c2').provenance).toMatchObject({ injectionSuspected: false });
    expect(find(nodes, 'fixture-benign-1', 'c1').provenance).toMatchObject({ injectionSuspected: false });
    expect(find(nodes, 'fixture-injected-1', 'c1').provenance).toMatchObject({ injectionSuspected: false });
  });

  it('filters calls by injectionSuspected', async () => {
    const data = await graphqlData<{ toolCalls: { edges: { node: { callId: string; session: { externalId: string } } }[] } }>(
      ledger.url,
      '{ toolCalls(filter: { injectionSuspected: true }, first: 100) { edges { node { callId session { externalId } } } } }',
      {},
      headers,
    );
    const flagged = data.toolCalls.edges.map((e) => `${e.node.session.externalId}/${e.node.callId}`).sort();
    expect(flagged).toEqual(['fixture-injected-1/c2', 'fixture-injected-1/c3', 'fixture-injected-2/c2', 'fixture-injected-2/c3']);
  });

  it('follows sources that were other calls\' results upstream, within the depth asked for', async () => {
    const exfil = find(await allCalls(), 'fixture-injected-1', 'c3');
    const data = await graphqlData<{
      toolCall: { provenance: { sources: { seq: number; kind: string; producedBy: { callId: string } | null; upstream: { sources: { seq: number }[] } | null }[] } };
    }>(
      ledger.url,
      `query C($id: ID!) { toolCall(id: $id) { provenance(depth: 2) { sources {
         seq kind producedBy { callId } upstream { sources { seq } } } } } }`,
      { id: exfil.id },
      headers,
    );
    const fromRead = data.toolCall.provenance.sources.find((s) => s.seq === 3)!;
    expect(fromRead).toMatchObject({ kind: 'tool_result', producedBy: { callId: 'c1' } });
    expect(fromRead.upstream).not.toBeNull();
    const refused = await graphqlData<{ toolCall: { provenance: { sources: { upstream: unknown }[] } } }>(
      ledger.url,
      'query C($id: ID!) { toolCall(id: $id) { provenance(depth: 1) { sources { upstream { score } } } } }',
      { id: exfil.id },
      headers,
    );
    expect(refused.toolCall.provenance.sources.every((s) => s.upstream === null)).toBe(true);
  });

  it('traces a poisoned content hash forward to the calls it influenced in every session', async () => {
    const nodes = await allCalls();
    const poisoned = find(nodes, 'fixture-injected-1', 'c2').provenance!.sources[0]!.contentHash;
    expect(find(nodes, 'fixture-injected-2', 'c2').provenance!.sources[0]!.contentHash).toBe(poisoned);
    const data = await graphqlData<{ content: { kind: string; impact: { depth: number; call: { callId: string; session: { externalId: string } } }[] } }>(
      ledger.url,
      'query I($hash: String!) { content(hash: $hash) { kind impact(depth: 2) { depth call { callId session { externalId } } } } }',
      { hash: poisoned },
      headers,
    );
    const impacted = data.content.impact.map((i) => `${i.call.session.externalId}/${i.call.callId}@${i.depth}`);
    expect(data.content.kind).toBe('tool_result');
    for (const trace of ['fixture-injected-1', 'fixture-injected-2']) {
      expect(impacted).toContain(`${trace}/c2@1`);
      expect(impacted.some((i) => i.startsWith(`${trace}/c3@`))).toBe(true);
    }
    expect(impacted.some((i) => i.startsWith('fixture-benign-1/'))).toBe(false);
    const shallow = await graphqlData<{ content: { impact: { depth: number }[] } }>(
      ledger.url,
      'query I($hash: String!) { content(hash: $hash) { impact(depth: 1) { depth } } }',
      { hash: poisoned },
      headers,
    );
    expect(shallow.content.impact.every((i) => i.depth === 1)).toBe(true);
  });

  it('raises injection_suspected findings linked to the call and its session', async () => {
    const data = await graphqlData<{ findings: { edges: { node: { kind: string; severity: string; evidence: { sources: unknown[] }; toolCall: { callId: string }; session: { externalId: string } } }[] } }>(
      ledger.url,
      '{ findings(filter: { kind: ["injection_suspected"] }) { edges { node { kind severity evidence toolCall { callId } session { externalId } } } } }',
      {},
      headers,
    );
    const found = data.findings.edges.map((e) => `${e.node.session.externalId}/${e.node.toolCall.callId}`).sort();
    expect(found).toEqual(['fixture-injected-1/c2', 'fixture-injected-1/c3', 'fixture-injected-2/c2', 'fixture-injected-2/c3']);
    expect(data.findings.edges[0]!.node.evidence.sources.length).toBeGreaterThan(0);
  });

  it('refuses a traversal deeper than the bound', async () => {
    const hash = find(await allCalls(), 'fixture-injected-1', 'c2').provenance!.sources[0]!.contentHash;
    const answer = await fetch(`${ledger.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(), ...headers },
      body: JSON.stringify({ query: 'query I($hash: String!) { content(hash: $hash) { impact(depth: 50) { depth } } }', variables: { hash } }),
    });
    const body = (await answer.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });
});
