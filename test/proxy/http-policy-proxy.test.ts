import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlData } from '../support/graphql';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';
import { CLI, enforcedPolicyEvents, eventually, EVERYTHING, freePort, sessionTimeline, waitForOutput } from './proxy-helpers';

const dir = mkdtempSync(join(tmpdir(), 'mcp-ledger-proxy-http-policy-'));
const TENANT = 'proxy-http-policy';
let ledger: LedgerProcess;
let upstream: ChildProcess;
let proxy: ChildProcess;
let proxyUrl: string;
let proxyOutput = '';

function exited(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', resolve));
}

beforeAll(async () => {
  ledger = await startLedgerProcess(join(dir, 'ledger'));
  const port = await freePort();
  upstream = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  upstream.stdout!.resume();
  await waitForOutput(upstream.stderr!, /listening on port/, 'server-everything streamableHttp');
  const policyFile = join(dir, 'policy.json');
  writeFileSync(
    policyFile,
    JSON.stringify({
      version: 1,
      policy_version: 'http-policy-1',
      default: 'allow',
      rules: [
        { id: 'echo-allowed', match: { tool: 'echo' }, effect: 'allow' },
        { id: 'no-sums', match: { tool: 'get-sum' }, effect: 'deny' },
      ],
    }),
  );
  proxy = spawn(
    process.execPath,
    [CLI, 'proxy', '--name', 'everything', '--url', ledger.url, '--tenant', TENANT, '--agent', 'http-host', '--spool-dir', join(dir, 'spool'), '--policy', policyFile, '--listen', '127.0.0.1:0', '--upstream', `http://127.0.0.1:${port}/mcp`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  proxy.stdout!.on('data', (chunk: Buffer) => (proxyOutput += chunk.toString()));
  proxy.stderr!.on('data', (chunk: Buffer) => (proxyOutput += chunk.toString()));
  proxyUrl = (await waitForOutput(proxy.stdout!, /listening on (http:\/\/\S+\/mcp)/, 'mcp-ledger proxy --listen --policy'))[1]!;
});

afterAll(async () => {
  proxy?.kill('SIGTERM');
  upstream?.kill('SIGTERM');
  await Promise.all([proxy && exited(proxy), upstream && exited(upstream)]);
  await ledger?.stop();
});

interface Call {
  callId: string;
  toolName: string;
  status: string;
  arguments: Record<string, unknown>;
  error: { code: number | null; message: string | null } | null;
  session: { id: string; transport: string | null };
}

async function calls(): Promise<Call[]> {
  const data = await graphqlData<{ toolCalls: { edges: { node: Call }[] } }>(
    ledger.url,
    '{ toolCalls(first: 100, order: ASC, filter: { serverName: "everything" }) { edges { node { callId toolName status arguments error { code message } session { id transport } } } } }',
    {},
    { 'x-ledger-tenant': TENANT },
  );
  return data.toolCalls.edges.map((edge) => edge.node);
}

/** A raw POST to the MCP endpoint; the answer's JSON-RPC messages, from a JSON body or an SSE stream. */
async function post(body: string, sessionId: string): Promise<{ status: number; messages: unknown[] }> {
  const response = await fetch(proxyUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
    body,
  });
  const text = await response.text();
  if (String(response.headers.get('content-type')).startsWith('text/event-stream')) {
    const messages = text
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim())
      .filter((data) => data.length > 0)
      .map((data) => JSON.parse(data) as unknown);
    return { status: response.status, messages };
  }
  const parsed = JSON.parse(text) as unknown;
  return { status: response.status, messages: Array.isArray(parsed) ? parsed : [parsed] };
}

describe('mcp-ledger proxy --policy in Streamable HTTP mode (server-everything streamableHttp)', () => {
  it('forwards allowed calls, answers denied ones itself, splits a batch, and records every decision', async () => {
    const client = new Client({ name: 'http-policy-host', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(proxyUrl));
    await client.connect(transport);
    const sessionId = transport.sessionId!;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);

    expect(await client.callTool({ name: 'echo', arguments: { message: 'allowed' } })).toEqual({ content: [{ type: 'text', text: 'Echo: allowed' }] });
    await expect(client.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } })).rejects.toMatchObject({
      code: -32001,
      message: expect.stringMatching(/get-sum.*denied by policy http-policy-1/),
      data: { policy_version: 'http-policy-1', matched_rules: ['no-sums'], decision: 'deny' },
    });
    // A batch: the allowed member reaches the server, the refused one is answered by the proxy.
    const batch = await post(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'b-echo', method: 'tools/call', params: { name: 'echo', arguments: { message: 'in a batch' } } },
        { jsonrpc: '2.0', id: 'b-sum', method: 'tools/call', params: { name: 'get-sum', arguments: { a: 3, b: 4 } } },
      ]),
      sessionId,
    );
    expect(batch.status).toBe(200);
    expect(batch.messages).toHaveLength(2);
    expect(batch.messages).toContainEqual({ jsonrpc: '2.0', id: 'b-echo', result: { content: [{ type: 'text', text: 'Echo: in a batch' }] } });
    expect(batch.messages).toContainEqual({ jsonrpc: '2.0', id: 'b-sum', error: expect.objectContaining({ code: -32001, data: expect.objectContaining({ matched_rules: ['no-sums'] }) }) });
    // A body over the gate's bound is refused, not forwarded unchecked.
    const huge = await fetch(proxyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId },
      body: JSON.stringify({ jsonrpc: '2.0', id: 'big', method: 'tools/call', params: { name: 'echo', arguments: { message: 'x'.repeat(5 * 1024 * 1024) } } }),
    });
    expect(huge.status).toBe(413);
    await huge.text();
    // Still working after the refusals.
    expect(await client.callTool({ name: 'echo', arguments: { message: 'after' } })).toEqual({ content: [{ type: 'text', text: 'Echo: after' }] });
    await transport.terminateSession();
    await client.close();
    expect(proxyOutput).toMatch(/enforcing policy http-policy-1/);

    const recorded = await eventually(async () => {
      const all = await calls();
      expect(all.map((call) => [call.toolName, call.status])).toEqual([
        ['echo', 'OK'],
        ['get-sum', 'FAILED'],
        ['echo', 'OK'],
        ['get-sum', 'FAILED'],
        ['echo', 'OK'],
      ]);
      return all;
    });
    expect(recorded[1]?.arguments).toEqual({ a: 1, b: 2 });
    expect(recorded[1]?.error).toEqual({ code: -32001, message: expect.stringMatching(/denied by policy http-policy-1/) });
    expect(recorded[3]?.error?.code).toBe(-32001);
    expect(new Set(recorded.map((call) => call.session.id)).size).toBe(1);
    expect(recorded[0]?.session.transport).toBe('streamable-http');

    const events = await eventually(async () => {
      const all = await sessionTimeline(ledger.url, TENANT, recorded[0]!.session.id);
      expect(all.at(-1)?.type).toBe('session.ended');
      return all;
    });
    const evaluated = enforcedPolicyEvents(events, recorded.map((call) => call.callId), 'http-policy-1');
    expect(evaluated.map((e) => [e.event.data['gen_ai.tool.name'], e.event.data['decision'], e.event.data['matched_rules']])).toEqual([
      ['echo', 'allow', ['echo-allowed']],
      ['get-sum', 'deny', ['no-sums']],
      ['echo', 'allow', ['echo-allowed']],
      ['get-sum', 'deny', ['no-sums']],
      ['echo', 'allow', ['echo-allowed']],
    ]);
    expect(proxyOutput).not.toMatch(/failed|dropped/);
  });
});
