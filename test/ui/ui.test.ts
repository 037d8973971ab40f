import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInjectionTraces } from '@mcp-ledger/ingest-client';
// The page's own browser modules, imported as the files the ledger serves: plain ES modules with no build
// step (their types are in the .d.ts beside them), so there is no package to import them by.
// eslint-disable-next-line @nx/enforce-module-boundaries -- see above
import { impactGraph, layoutGraph, provenanceGraph } from '../../apps/ledger/ui/graph-layout.js';
// eslint-disable-next-line @nx/enforce-module-boundaries -- see above
import { CALL_PROVENANCE_QUERY, CONTENT_IMPACT_QUERY, INJECTION_FINDINGS_QUERY, SUSPECTED_CALLS_QUERY, runQuery } from '../../apps/ledger/ui/queries.js';
import { createTestKey, testAdminToken } from '../support/auth';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';

const TRACES = join(__dirname, '..', 'fixtures', 'provenance', 'traces.jsonl');
const tenant = `ui-${Date.now()}`;
let ledger: TestLedger;

beforeAll(async () => {
  ledger = await startTestLedger();
  const result = await importInjectionTraces({ url: ledger.url, file: TRACES, tenant });
  expect(result).toMatchObject({ traces: 3, invalid: [] });
});
afterAll(async () => ledger?.close());

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET with the path sent byte for byte: fetch() would resolve `..` and `%2e%2e` before sending. */
function rawGet(path: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(ledger.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** What the page sends: the shared queries through the shared runQuery, with the user's token and tenant. */
function ask<T>(query: string, variables: Record<string, unknown> = {}, token: string = testAdminToken()) {
  return runQuery<T>({ fetch, url: `${ledger.url}/graphql`, token, tenant, query, variables });
}

async function data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const answer = await ask<T>(query, variables);
  if (!answer.ok) throw new Error(answer.message);
  return answer.data;
}

const CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";

describe('the provenance page files', () => {
  it('serves the page without a token, with a strict CSP, nosniff and no referrer', async () => {
    const page = await rawGet('/ui/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<script type="module" src="app.js"></script>');
    // No inline script or style: the CSP would block them.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/);
  });

  it('redirects /ui to /ui/, so the page\'s relative URLs resolve', async () => {
    const answer = await rawGet('/ui');
    expect(answer.status).toBe(308);
    expect(answer.headers['location']).toBe('/ui/');
  });

  it('serves the scripts as JavaScript and the styles as CSS', async () => {
    for (const file of ['app.js', 'graph-layout.js', 'graph-view.js', 'queries.js']) {
      const answer = await rawGet(`/ui/${file}`);
      expect(answer.status, file).toBe(200);
      expect(answer.headers['content-type'], file).toBe('text/javascript; charset=utf-8');
      expect(answer.headers['x-content-type-options'], file).toBe('nosniff');
    }
    expect((await rawGet('/ui/styles.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('serves nothing but its own files: no traversal, no listing, no sources', async () => {
    for (const path of [
      '/ui/../package.json',
      '/ui/%2e%2e/package.json',
      '/ui/%2e%2e%2fpackage.json',
      '/ui/..%2f..%2fpackage.json',
      '/ui/graph-layout.d.ts',
      '/ui/graph-layout.spec.ts',
      '/ui/unknown.js',
      '/ui/constructor',
      '/ui/index.html/',
      '/ui/../graphql',
    ]) {
      const answer = await rawGet(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('mcp-ledger-workspace');
    }
  });
});

interface Source {
  seq: number;
  kind: string;
  score: number;
  contentHash: string;
  producedBy: { callId: string } | null;
}
interface SuspectedCalls {
  toolCalls: { edges: { node: { id: string; callId: string; toolName: string; session: { externalId: string } } }[] };
}
interface CallProvenance {
  toolCall: { id: string; provenance: { sources: Source[] } };
}

describe('the page\'s queries against the fixture traces', () => {
  async function suspected(externalId: string, callId: string) {
    const calls = await data<SuspectedCalls>(SUSPECTED_CALLS_QUERY);
    const node = calls.toolCalls.edges.map((e) => e.node).find((n) => n.session.externalId === externalId && n.callId === callId);
    expect(node, `${externalId}/${callId} among the suspected calls`).toBeDefined();
    return node!;
  }

  /** The channel message that told the agent to read the key: read_file's (c2's) strongest source. */
  async function poisonedHash(): Promise<string> {
    const readFile = await data<CallProvenance>(CALL_PROVENANCE_QUERY, { id: (await suspected('fixture-injected-1', 'c2')).id });
    return readFile.toolCall.provenance.sources[0]!.contentHash;
  }

  it('lists the injection findings and the suspected calls', async () => {
    const findings = await data<{ findings: { edges: { node: { toolCall: { callId: string } } }[] } }>(INJECTION_FINDINGS_QUERY);
    expect(findings.findings.edges.map((e) => e.node.toolCall.callId).sort()).toEqual(['c2', 'c2', 'c3', 'c3']);
    const calls = await data<SuspectedCalls>(SUSPECTED_CALLS_QUERY);
    expect(calls.toolCalls.edges).toHaveLength(4);
  });

  it('draws the exfiltrating call with the poisoned channel message as its top, highlighted source', async () => {
    const exfil = await suspected('fixture-injected-1', 'c3');
    expect(exfil.toolName).toBe('send_email');
    const answer = await data<CallProvenance>(CALL_PROVENANCE_QUERY, { id: exfil.id });
    const layout = layoutGraph(provenanceGraph(answer.toolCall));
    const poisoned = await poisonedHash();

    const root = layout.nodes.find((n) => n.id === layout.root)!;
    expect(root).toMatchObject({ type: 'call', title: 'send_email', highlight: true });
    // The recipient the evidence is about leads the summary, not the body full of key material.
    expect(root.subtitle).toMatch(/^to=ops-backup@exfil\.example/);
    const poisonedNodes = layout.nodes.filter((n) => n.type === 'content' && (n.data as { hash: string }).hash === poisoned);
    expect(poisonedNodes).toHaveLength(1);
    expect(poisonedNodes[0]).toMatchObject({ title: 'tool_result #3', highlight: true });

    const intoRoot = layout.edges.filter((e) => e.to === root.id);
    const strongest = Math.max(...intoRoot.map((e) => e.score ?? 0));
    const top = layout.edges.filter((e) => e.highlight);
    expect(top).toHaveLength(1);
    expect(top[0]).toMatchObject({ from: poisonedNodes[0]!.id, to: root.id, score: strongest });
    // Who produced it: the channel read, drawn left of its result.
    const producer = layout.edges.find((e) => e.to === poisonedNodes[0]!.id && e.label === 'result');
    expect(layout.nodes.find((n) => n.id === producer?.from)).toMatchObject({ type: 'call', title: 'read_channel_messages' });
  });

  it('draws the poisoned content\'s impact across both sessions that read it', async () => {
    const answer = await data<{ content: unknown }>(CONTENT_IMPACT_QUERY, { hash: await poisonedHash() });
    const layout = layoutGraph(impactGraph(answer.content));
    const calls = layout.nodes.filter((n) => n.type === 'call');
    const sessions = new Set(calls.map((n) => n.detail));
    expect(sessions).toEqual(new Set(['session fixture-injected-1', 'session fixture-injected-2']));
    expect(calls.map((n) => n.title)).toEqual(expect.arrayContaining(['read_file', 'send_email']));
    expect(layout.nodes.find((n) => n.id === layout.root)).toMatchObject({ column: 0, type: 'content' });
  });

  it('gets a plain 401 without a token', async () => {
    const answer = await ask(SUSPECTED_CALLS_QUERY, {}, '');
    expect(answer).toMatchObject({ ok: false, status: 401 });
    expect(answer.ok === false && answer.message).toMatch(/^The token was refused \(401\).*UNAUTHENTICATED/);
  });

  it('says plainly that a token of another tenant may not read this one', async () => {
    const token = await createTestKey(ledger.url, { name: `ui-other-${Date.now()}`, roles: ['analyst'], tenants: ['someone-else'] });
    const answer = await ask(SUSPECTED_CALLS_QUERY, {}, token);
    expect(answer).toMatchObject({ ok: false, status: 403 });
    expect(answer.ok === false && answer.message).toMatch(/^This token may not read this \(403\).*FORBIDDEN/);
  });
});
