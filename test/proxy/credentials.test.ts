import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlData } from '../support/graphql';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';
import { CLI, eventually } from './proxy-helpers';

const RECORDING_SERVER = join(__dirname, 'recording-server.mjs');
const dir = mkdtempSync(join(tmpdir(), 'mcp-ledger-proxy-credentials-'));
/** A value that must never reach the ledger: only its name may. */
const SECRET_VALUE = `ghp_${uuidv7().replace(/-/g, '')}NEVER_RECORD`;
const OTHER_VALUE = `conn-${uuidv7()}-NEVER_RECORD`;
let ledger: LedgerProcess;

beforeAll(async () => {
  ledger = await startLedgerProcess(join(dir, 'ledger'));
});
afterAll(async () => ledger?.stop());

function env(extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) out[key] = value;
  return { ...out, ...extra };
}

describe('mcp-ledger proxy: credentials inventory', () => {
  it('records the names of the credentials the server was started with, never their values', async () => {
    const tenant = `creds-${uuidv7()}`;
    const headers = { 'x-ledger-tenant': tenant };
    const args = [CLI, 'proxy', '--name', 'github', '--url', ledger.url, '--tenant', tenant, '--agent', 'triage-bot', '--spool-dir', join(dir, 'spool'),
      '--credential-env', 'MY_CONNECTION', '--oauth-scopes', 'repo,read:org', '--', process.execPath, RECORDING_SERVER];
    const transport = new StdioClientTransport({
      command: process.execPath,
      args,
      stderr: 'pipe',
      env: env({ GITHUB_TOKEN: SECRET_VALUE, MY_CONNECTION: OTHER_VALUE, RECORDING_SERVER_LOG: join(dir, 'seen.ndjson') }),
    });
    const client = new Client({ name: 'credentials-test-host', version: '1.0.0' });
    await client.connect(transport);
    const listed = await client.listTools();
    expect(listed.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'send_email']));
    await client.callTool({ name: 'echo', arguments: { message: 'hi' } });
    await client.close();

    const servers = await eventually(async () => {
      const data = await graphqlData<{ servers: { name: string; credentials: { env: string[]; oauthScopes: string[] } }[] }>(
        ledger.url,
        '{ servers { name credentials { env oauthScopes } } }',
        {},
        headers,
      );
      expect(data.servers.find((s) => s.name === 'github')?.credentials.env).toEqual(expect.arrayContaining(['GITHUB_TOKEN', 'MY_CONNECTION']));
      return data;
    });
    const github = servers.servers.find((s) => s.name === 'github')!;
    expect(github.credentials.oauthScopes).toEqual(['read:org', 'repo']);
    // Harmless variables of the same environment are not listed.
    expect(github.credentials.env).not.toContain('PATH');
    expect(github.credentials.env).not.toContain('RECORDING_SERVER_LOG');

    const agents = await eventually(async () => {
      const data = await graphqlData<{ agents: { name: string | null; tools: { name: string; risk: string; granted: boolean; used: boolean }[]; unusedHighRisk: { name: string }[] }[] }>(
        ledger.url,
        '{ agents { name sessions tools { server name risk actions granted used calls lastUsedAt } unusedHighRisk { server name risk } } }',
        {},
        headers,
      );
      expect(data.agents.find((a) => a.name === 'triage-bot')?.tools.find((t) => t.name === 'echo')?.used).toBe(true);
      return data;
    });
    const triage = agents.agents.find((a) => a.name === 'triage-bot')!;
    expect(triage.unusedHighRisk.map((t) => t.name)).toContain('send_email');

    const calls = await graphqlData<{ toolCalls: { edges: { node: { session: { id: string } } }[] } }>(
      ledger.url,
      '{ toolCalls(first: 10) { edges { node { session { id } } } } }',
      {},
      headers,
    );
    const sessionId = calls.toolCalls.edges[0]!.node.session.id;
    const timeline = await graphqlData<{ session: { timeline: { type: string; event: { data: Record<string, unknown> } }[] } }>(
      ledger.url,
      'query ($id: ID!) { session(id: $id) { timeline { type event } } }',
      { id: sessionId },
      headers,
    );
    const started = timeline.session.timeline.find((e) => e.type === 'session.started')!;
    expect(started.event.data['credentials']).toMatchObject({ oauth_scopes: ['read:org', 'repo'] });
    expect((started.event.data['credentials'] as { env: string[] }).env).toEqual(expect.arrayContaining(['GITHUB_TOKEN', 'MY_CONNECTION']));

    // The values appear nowhere: not in any GraphQL answer, not in any recorded event.
    for (const answer of [servers, agents, calls, timeline]) {
      const text = JSON.stringify(answer);
      expect(text).not.toContain(SECRET_VALUE);
      expect(text).not.toContain(OTHER_VALUE);
    }
  });
});
