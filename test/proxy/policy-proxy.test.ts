import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlData } from '../support/graphql';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';
import { CLI, enforcedPolicyEvents, eventually, EVERYTHING, sessionTimeline } from './proxy-helpers';
import { runCli } from '../support/cli';

const RECORDING_SERVER = join(__dirname, 'recording-server.mjs');
const dir = mkdtempSync(join(tmpdir(), 'mcp-ledger-proxy-policy-'));
let ledger: LedgerProcess;

beforeAll(async () => {
  ledger = await startLedgerProcess(join(dir, 'ledger'));
});
afterAll(async () => ledger?.stop());

const POLICY = [
  'version: 1',
  'policy_version: "proxy-test-2026-11-25"',
  'default: deny',
  'rules:',
  '  - id: echo-allowed',
  '    match: { server: recorder, tool: echo }',
  '    effect: allow',
  '  - id: mail-to-our-domain',
  '    match: { server: recorder, tool: send_email }',
  '    effect: allow',
  '    require:',
  '      args:',
  '        to: { pattern: "@acme\\\\.example$" }',
  '  - id: deletes-need-approval',
  '    match: { tool: "delete_*" }',
  '    effect: require_approval',
  '',
].join('\n');

function env(extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) out[key] = value;
  return { ...out, ...extra };
}

async function connect(args: string[], extraEnv: Record<string, string> = {}): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'proxy', ...args], stderr: 'pipe', env: env(extraEnv) });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'policy-test-host', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

interface Call {
  callId: string;
  toolName: string;
  status: string;
  arguments: Record<string, unknown>;
  error: { code: number | null; message: string | null } | null;
  session: { id: string };
}

async function calls(tenant: string, server: string): Promise<Call[]> {
  const data = await graphqlData<{ toolCalls: { edges: { node: Call }[] } }>(
    ledger.url,
    `{ toolCalls(first: 100, order: ASC, filter: { serverName: ${JSON.stringify(server)} }) { edges { node { callId toolName status arguments error { code message } session { id } } } } }`,
    {},
    { 'x-ledger-tenant': tenant },
  );
  return data.toolCalls.edges.map((edge) => edge.node);
}

const cli = (args: string[]) => runCli(args, { timeoutMs: 30_000, env: env({ LEDGER_URL: 'http://127.0.0.1:9' }) });

describe('mcp-ledger proxy --policy (stdio)', () => {
  it('forwards allowed calls, answers denied ones itself (the server never sees them), and records every decision', async () => {
    const policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, POLICY);
    const serverLog = join(dir, 'server-saw.ndjson');
    writeFileSync(serverLog, '');
    const tenant = 'proxy-policy';
    const { client, stderr } = await connect(
      ['--name', 'recorder', '--url', ledger.url, '--tenant', tenant, '--agent', 'test-host', '--spool-dir', join(dir, 'spool'), '--policy', policyFile, '--approval-timeout', '0', '--', process.execPath, RECORDING_SERVER],
      { RECORDING_SERVER_LOG: serverLog },
    );

    expect(await client.callTool({ name: 'echo', arguments: { message: 'hi' } })).toEqual({ content: [{ type: 'text', text: 'Echo: hi' }] });
    await expect(client.callTool({ name: 'send_email', arguments: { to: 'mallory@evil.example', body: 'the secrets' } })).rejects.toMatchObject({
      code: -32001,
      message: expect.stringMatching(/send_email.*denied by policy proxy-test-2026-11-25: rule "mail-to-our-domain" requires: .*to/),
      data: { policy_version: 'proxy-test-2026-11-25', matched_rules: ['mail-to-our-domain'], decision: 'deny' },
    });
    expect(await client.callTool({ name: 'send_email', arguments: { to: 'bob@acme.example', body: 'hello' } })).toEqual({ content: [{ type: 'text', text: 'sent to bob@acme.example' }] });
    await expect(client.callTool({ name: 'delete_repo', arguments: { repo: 'prod' } })).rejects.toMatchObject({
      code: -32001,
      message: expect.stringMatching(/requires approval .*approvals are off \(--approval-timeout 0\), so it was not forwarded/),
      data: { policy_version: 'proxy-test-2026-11-25', matched_rules: ['deletes-need-approval'], decision: 'require_approval' },
    });
    // Still connected and working after the refusals.
    expect(await client.callTool({ name: 'echo', arguments: { message: 'after' } })).toEqual({ content: [{ type: 'text', text: 'Echo: after' }] });
    await client.close();
    expect(stderr()).toMatch(/enforcing policy proxy-test-2026-11-25/);

    // What the server process itself received: only the allowed calls.
    const saw = readFileSync(serverLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { tool: string });
    expect(saw.map((entry) => entry.tool)).toEqual(['echo', 'send_email', 'echo']);
    expect(saw[1]).toEqual({ tool: 'send_email', arguments: { to: 'bob@acme.example', body: 'hello' } });

    const recorded = await eventually(async () => {
      const all = await calls(tenant, 'recorder');
      expect(all.map((call) => [call.toolName, call.status])).toEqual([
        ['echo', 'OK'],
        ['send_email', 'FAILED'],
        ['send_email', 'OK'],
        ['delete_repo', 'FAILED'],
        ['echo', 'OK'],
      ]);
      return all;
    });
    expect(recorded[1]?.arguments).toEqual({ to: 'mallory@evil.example', body: 'the secrets' });
    expect(recorded[1]?.error).toEqual({ code: -32001, message: expect.stringMatching(/denied by policy .*mail-to-our-domain/) });
    expect(recorded[3]?.error?.message).toMatch(/requires approval/);
    expect(new Set(recorded.map((call) => call.session.id)).size).toBe(1);

    const events = await eventually(async () => {
      const all = await sessionTimeline(ledger.url, tenant, recorded[0]!.session.id);
      expect(all.at(-1)?.type).toBe('session.ended');
      return all;
    });
    const evaluated = enforcedPolicyEvents(events, recorded.map((call) => call.callId), 'proxy-test-2026-11-25');
    expect(evaluated.map((e) => [e.event.data['gen_ai.tool.name'], e.event.data['decision'], e.event.data['matched_rules']])).toEqual([
      ['echo', 'allow', ['echo-allowed']],
      ['send_email', 'deny', ['mail-to-our-domain']],
      ['send_email', 'allow', ['mail-to-our-domain']],
      ['delete_repo', 'require_approval', ['deletes-need-approval']],
      ['echo', 'allow', ['echo-allowed']],
    ]);
  });

  it('gates a published server too (server-everything): allowed echo answers, a denied tool gets the policy error', async () => {
    const policyFile = join(dir, 'everything.json');
    writeFileSync(policyFile, JSON.stringify({ version: 1, policy_version: 'everything-1', default: 'deny', rules: [{ id: 'only-echo', match: { tool: 'echo' }, effect: 'allow' }] }));
    const { client } = await connect(['--name', 'everything-gated', '--url', ledger.url, '--tenant', 'proxy-policy-everything', '--spool-dir', join(dir, 'spool'), '--', process.execPath, EVERYTHING, 'stdio'], {
      LEDGER_POLICY_FILE: policyFile,
    });
    expect(await client.callTool({ name: 'echo', arguments: { message: 'ok' } })).toEqual({ content: [{ type: 'text', text: 'Echo: ok' }] });
    await expect(client.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } })).rejects.toMatchObject({
      code: -32001,
      message: expect.stringMatching(/no rule matched; default is deny/),
      data: { policy_version: 'everything-1', matched_rules: [] },
    });
    expect((await client.listTools()).tools.length).toBeGreaterThan(3);
    await client.close();
  });

  it.each([
    ['syntax', 'version: 1\npolicy_version: "x"\ndefault: deny\nrules:\n  - id: a\n    match: { tool: [send_email\n', /broken-syntax\.yaml:\d+:\d+/],
    ['type', 'version: 1\npolicy_version: "x"\ndefault: deny\nrules:\n  - id: a\n    match: { tool: 42 }\n    effect: allow\n', /broken-type\.yaml:6:\d+ rules\[0\]\.match\.tool/],
  ])('refuses a policy file with a %s error at start, naming the line and field, with exit 2 and no server started', async (kind, text, message) => {
    const file = join(dir, `broken-${kind}.yaml`);
    writeFileSync(file, text);
    const marker = join(dir, `server-started-${kind}`);
    const run = await cli(['proxy', '--name', 'never', '--spool-dir', join(dir, 'spool'), '--policy', file, '--', process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--policy .*the policy file is invalid/);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(existsSync(marker)).toBe(false);
  });
});
