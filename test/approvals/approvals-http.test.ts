import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKey, testAdminToken } from '../support/auth';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';
import { CLI, eventually, EVERYTHING, freePort, waitForOutput } from '../proxy/proxy-helpers';
import { as } from './approvals-helpers';

const dir = mkdtempSync(join(tmpdir(), 'mcp-ledger-approvals-http-'));
const tenant = `approvals-http-${Date.now()}`;
let ledger: LedgerProcess;
let upstream: ChildProcess;
let proxy: ChildProcess;
let proxyUrl: string;

const exited = (child: ChildProcess): Promise<unknown> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));

beforeAll(async () => {
  ledger = await startLedgerProcess(join(dir, 'ledger'));
  const port = await freePort();
  upstream = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  upstream.stdout!.resume();
  await waitForOutput(upstream.stderr!, /listening on port/, 'server-everything streamableHttp');
  const policyFile = join(dir, 'policy.json');
  writeFileSync(
    policyFile,
    JSON.stringify({ version: 1, policy_version: 'http-approvals-1', default: 'allow', rules: [{ id: 'sums-need-approval', match: { tool: 'get-sum' }, effect: 'require_approval', risk: 'high' }] }),
  );
  proxy = spawn(
    process.execPath,
    [CLI, 'proxy', '--name', 'everything', '--url', ledger.url, '--tenant', tenant, '--spool-dir', join(dir, 'spool'), '--policy', policyFile, '--approval-timeout', '30', '--listen', '127.0.0.1:0', '--upstream', `http://127.0.0.1:${port}/mcp`],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LEDGER_TOKEN: testAdminToken() } },
  );
  proxy.stderr!.resume();
  proxyUrl = (await waitForOutput(proxy.stdout!, /listening on (http:\/\/\S+\/mcp)/, 'mcp-ledger proxy --listen'))[1]!;
});

afterAll(async () => {
  proxy?.kill('SIGTERM');
  upstream?.kill('SIGTERM');
  await Promise.all([proxy && exited(proxy), upstream && exited(upstream)]);
  await ledger?.stop();
});

describe('approvals in Streamable HTTP mode', () => {
  it('holds the POST until the approver decides, then forwards the call; other requests are answered meanwhile', async () => {
    const approver = as(ledger.url, await createTestKey(ledger.url, { name: 'http-approver', roles: ['approver'], tenants: [tenant] }), tenant);
    const client = new Client({ name: 'approvals-http-host', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(proxyUrl)));

    const held = client.callTool({ name: 'get-sum', arguments: { a: 20, b: 22 } });
    const [pending] = await eventually(async () => {
      const { pendingApprovals } = await approver.data<{ pendingApprovals: { id: string; toolName: string; serverName: string }[] }>('{ pendingApprovals { id toolName serverName } }');
      expect(pendingApprovals).toHaveLength(1);
      return pendingApprovals;
    }, 10_000);
    expect(pending).toMatchObject({ toolName: 'get-sum', serverName: 'everything' });
    expect(await client.callTool({ name: 'echo', arguments: { message: 'meanwhile' } })).toMatchObject({ content: [{ type: 'text', text: 'Echo: meanwhile' }] });

    await approver.data('mutation D($id: ID!) { decideApproval(id: $id, decision: APPROVE, comment: "fine") { id } }', { id: pending!.id });
    expect(JSON.stringify(await held)).toContain('42');
    await client.close();

    const { approvals } = await approver.data<{ approvals: { status: string; reviewer: string; comment: string }[] }>('{ approvals { status reviewer comment } }');
    expect(approvals).toEqual([{ status: 'APPROVED', reviewer: 'key:http-approver', comment: 'fine' }]);
  });
});
