import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlData } from '../support/graphql';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';
import { CLI, eventually, EVERYTHING, exerciseEverything, freePort, maskClock, recordedCalls, waitForOutput } from './proxy-helpers';

const scratch = (prefix: string): string => mkdtempSync(join(tmpdir(), `mcp-ledger-proxy-${prefix}-`));
let ledger: LedgerProcess;
let upstream: ChildProcess;
let upstreamUrl: string;
let proxy: ChildProcess;
let proxyUrl: string;
let proxyOutput = '';

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

beforeAll(async () => {
  ledger = await startLedgerProcess(scratch('ledger'));
  const port = await freePort();
  upstream = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  upstream.stdout!.resume();
  await waitForOutput(upstream.stderr!, /listening on port/, 'server-everything streamableHttp');
  upstreamUrl = `http://127.0.0.1:${port}/mcp`;
  proxy = spawn(
    process.execPath,
    [CLI, 'proxy', '--name', 'everything', '--url', ledger.url, '--tenant', 'proxy-http', '--spool-dir', scratch('spool'), '--listen', '127.0.0.1:0', '--upstream', upstreamUrl],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  proxy.stdout!.on('data', (chunk: Buffer) => (proxyOutput += chunk.toString()));
  proxy.stderr!.on('data', (chunk: Buffer) => (proxyOutput += chunk.toString()));
  proxyUrl = (await waitForOutput(proxy.stdout!, /listening on (http:\/\/\S+\/mcp)/, 'mcp-ledger proxy --listen'))[1]!;
});

afterAll(async () => {
  proxy?.kill('SIGTERM');
  upstream?.kill('SIGTERM');
  await Promise.all([proxy && exited(proxy), upstream && exited(upstream)]);
  await ledger?.stop();
});

async function connectHttp(url: string): Promise<Client> {
  const client = new Client({ name: 'proxy-http-host', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

describe('mcp-ledger proxy (Streamable HTTP) in front of server-everything streamableHttp', () => {
  it('answers every method as the upstream does, records each Mcp-Session-Id as a proxy session, and exits cleanly', async () => {
    const direct = await connectHttp(upstreamUrl);
    const viaServer = await exerciseEverything(direct);
    await direct.close();

    const proxied = await connectHttp(proxyUrl);
    const viaProxy = await exerciseEverything(proxied);
    const transport = proxied.transport as StreamableHTTPClientTransport;
    const mcpSessionId = transport.sessionId;
    expect(mcpSessionId).toMatch(/^[0-9a-f-]{36}$/);
    await transport.terminateSession();
    await proxied.close();

    expect(viaProxy.toolsCalled).toEqual(viaServer.toolsCalled);
    expect(maskClock(viaProxy.answers)).toEqual(maskClock(viaServer.answers));

    const calls = await eventually(async () => {
      const recorded = await recordedCalls(ledger.url, 'proxy-http');
      expect(recorded.map((call) => call.toolName)).toEqual(viaProxy.toolsCalled);
      // Completions are projected after requests: wait until every call has its outcome.
      expect(recorded.map((call) => call.status)).toEqual(viaProxy.toolsCalled.map(() => 'OK'));
      return recorded;
    });
    for (const call of calls) {
      expect(call.serverName).toBe('everything');
      expect(call.status).toBe('OK');
      expect(call.session).toMatchObject({ sourceKind: 'proxy', transport: 'streamable-http' });
    }
    const sessionIds = new Set(calls.map((call) => call.session.id));
    expect(sessionIds.size).toBe(1);
    // The DELETE ended the ledger session; its Mcp-Session-Id is on record.
    const session = await eventually(async () => {
      const data = await graphqlData<{ session: { mcpSessionId: string | null; endedAt: string | null } | null }>(
        ledger.url,
        'query ($id: ID!) { session(id: $id) { mcpSessionId endedAt } }',
        { id: [...sessionIds][0] },
        { 'x-ledger-tenant': 'proxy-http' },
      );
      expect(data.session?.endedAt).not.toBeNull();
      return data.session;
    });
    expect(session?.mcpSessionId).toBe(mcpSessionId);

    proxy.kill('SIGTERM');
    expect((await exited(proxy)).code).toBe(0);
    expect(proxyOutput).not.toMatch(/failed|dropped/);
  });
});
