import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';
import { CLI, connectDirect, maskClock, connectProxied, eventually, EVERYTHING, exerciseEverything, freePort, recordedCalls, waitForOutput } from './proxy-helpers';

let ledger: LedgerProcess;
const scratch = (prefix: string): string => mkdtempSync(join(tmpdir(), `mcp-ledger-proxy-${prefix}-`));

beforeAll(async () => {
  ledger = await startLedgerProcess(scratch('ledger'));
});
afterAll(async () => ledger?.stop());

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/**
 * Writes `lines` to a process's stdin one at a time, each after the answers to the previous
 * ones arrived (`answers` lines expected in total), then closes stdin; resolves with the
 * exact stdout bytes.
 */
async function converse(child: ChildProcess, input: Buffer[], expectedLines: number): Promise<Buffer> {
  const out: Buffer[] = [];
  let newlines = 0;
  const done = new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out.push(chunk);
      for (const byte of chunk) if (byte === 0x0a) newlines += 1;
      if (newlines >= expectedLines) resolve();
    });
  });
  for (const part of input) child.stdin!.write(part);
  await done;
  child.stdin!.end();
  await exited(child);
  return Buffer.concat(out);
}

function proxyArgs(name: string, spoolDir: string, url = ledger.url): string[] {
  return [CLI, 'proxy', '--name', name, '--url', url, '--tenant', 'proxy-raw', '--spool-dir', spoolDir, '--'];
}

describe('mcp-ledger proxy (stdio) in front of @modelcontextprotocol/server-everything', () => {
  it('answers every method exactly as the server does directly, and records every tool call under --name', async () => {
    const direct = await connectDirect();
    const proxied = await connectProxied({ ledgerUrl: ledger.url, spoolDir: scratch('spool'), tenant: 'proxy-everything' });
    const viaServer = await exerciseEverything(direct.client);
    const viaProxy = await exerciseEverything(proxied.client);
    await direct.close();
    await proxied.close();

    expect(viaProxy.toolsCalled).toEqual(viaServer.toolsCalled);
    expect(viaProxy.toolsCalled).toEqual(expect.arrayContaining(['echo', 'get-sum', 'get-tiny-image']));
    expect(Object.keys(viaProxy.answers).length).toBeGreaterThan(20);
    expect(maskClock(viaProxy.answers)).toEqual(maskClock(viaServer.answers));
    expect(proxied.stderr()).not.toMatch(/mcp-ledger proxy: .*(failed|dropped|spooled)/);

    const calls = await eventually(async () => {
      const recorded = await recordedCalls(ledger.url, 'proxy-everything');
      expect(recorded.map((call) => call.toolName)).toEqual(viaProxy.toolsCalled);
      // Completions are projected after requests: wait until every call has its outcome.
      expect(recorded.map((call) => call.status)).toEqual(viaProxy.toolsCalled.map(() => 'OK'));
      return recorded;
    });
    for (const call of calls) {
      expect(call.serverName).toBe('everything');
      expect(call.status).toBe('OK');
      expect(call.session).toMatchObject({ sourceKind: 'proxy', transport: 'stdio' });
    }
    expect(new Set(calls.map((call) => call.session.id)).size).toBe(1);
    expect(calls.find((call) => call.toolName === 'get-sum')?.arguments).toEqual({ a: 17, b: 25 });
  });

  it('relays the server\'s bytes unchanged: same stdout as the server run directly on the same input', async () => {
    const input = [
      '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}\n',
      '{"jsonrpc":"2.0","method":"notifications/initialized"}\n',
      '{ "jsonrpc" : "2.0", "id" : "t-1", "method" : "tools/call", "params" : { "name" : "echo", "arguments" : { "message" : "caf\\u00e9 ✓ \\"quoted\\"" } } }\n',
      '{"jsonrpc":"2.0","id":2,"method":"tools/list"}\n',
    ].map((line) => Buffer.from(line));
    const direct = spawn(process.execPath, [EVERYTHING, 'stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const proxy = spawn(process.execPath, [...proxyArgs('everything', scratch('spool')), process.execPath, EVERYTHING, 'stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const [directBytes, proxiedBytes] = await Promise.all([converse(direct, input, 3), converse(proxy, input, 3)]);
    expect(proxiedBytes.length).toBeGreaterThan(1000);
    expect(proxiedBytes.equals(directBytes)).toBe(true);
    expect(proxy.exitCode).toBe(0);
  });

  it('passes arbitrary bytes both ways unchanged: split chunks, CRLF, non-JSON lines, a 3 MB line, no final newline', async () => {
    // A "server" that echoes its stdin: what comes back is exactly what the proxy forwarded.
    const cat = ['-e', 'process.stdin.pipe(process.stdout)'];
    const proxy = spawn(process.execPath, [...proxyArgs('cat', scratch('spool')), process.execPath, ...cat], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    proxy.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const long = `{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"big","arguments":{"blob":"${'x'.repeat(3 * 1024 * 1024)}"}}}\n`;
    const whole = Buffer.concat([
      Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}\r\n'),
      Buffer.from('server log line, not JSON\n'),
      Buffer.from('{"jsonrpc": "2.0", "method": "notifications/message", "params": {"data": "ünïcödé 🚀"}}\n'),
      Buffer.from(long),
      Buffer.from('{"jsonrpc":"2.0","id":2,"method":"ping"}'),
    ]);
    // Cut mid-line and mid-character.
    const cuts = [7, 45, 46, 130, 131, 1000, 2_000_000, whole.length - 3];
    const parts: Buffer[] = [];
    let from = 0;
    for (const cut of cuts) {
      parts.push(whole.subarray(from, cut));
      from = cut;
    }
    parts.push(whole.subarray(from));
    const out: Buffer[] = [];
    proxy.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    for (const part of parts) proxy.stdin!.write(part);
    proxy.stdin!.end();
    const { code } = await exited(proxy);
    expect(code).toBe(0);
    expect(Buffer.concat(out).equals(whole)).toBe(true);
    expect(stderr).toMatch(/not recorded: 1 non-JSON line\(s\) from the server, 1 from the host/);
  });

  it('exits with the child\'s exit code and forwards SIGTERM to it', async () => {
    const failing = spawn(process.execPath, [...proxyArgs('exit7', scratch('spool'), 'http://127.0.0.1:9'), process.execPath, '-e', 'process.exit(7)'], { stdio: ['pipe', 'pipe', 'pipe'] });
    expect((await exited(failing)).code).toBe(7);

    const server = 'process.on("SIGTERM", () => process.exit(42)); process.stderr.write("ready\\n"); setInterval(() => {}, 1000)';
    const proxy = spawn(process.execPath, [...proxyArgs('sigterm', scratch('spool'), 'http://127.0.0.1:9'), process.execPath, '-e', server], { stdio: ['pipe', 'pipe', 'pipe'] });
    await waitForOutput(proxy.stderr!, /ready/, 'the child');
    proxy.kill('SIGTERM');
    const { code } = await exited(proxy);
    expect(code).toBe(42);
  });

  it('keeps MCP working while the ledger is down; the spool delivers the backlog of an earlier run and of this one once it is up', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const spoolDir = scratch('spool-down');
    const tenant = 'proxy-down';

    // Run A: the ledger is down for its whole life.
    const runA = await connectProxied({ ledgerUrl: url, spoolDir, tenant });
    expect(await runA.client.callTool({ name: 'echo', arguments: { message: 'A' } })).toEqual({ content: [{ type: 'text', text: 'Echo: A' }] });
    await runA.close();

    // Run B starts with the ledger still down…
    const runB = await connectProxied({ ledgerUrl: url, spoolDir, tenant });
    expect(await runB.client.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } })).toMatchObject({ content: [{ type: 'text' }] });

    // …then the ledger starts on the URL the proxies were given.
    const late = spawn(process.execPath, [CLI, 'up', '--port', String(port), '--data-dir', scratch('ledger-late')], {
      env: { ...process.env, LEDGER_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await waitForOutput(late.stdout!, /ingest\s+POST/, 'the late ledger');
      expect(await runB.client.callTool({ name: 'echo', arguments: { message: 'B' } })).toEqual({ content: [{ type: 'text', text: 'Echo: B' }] });
      // Delivered while run B is still running: no restart needed.
      const calls = await eventually(async () => {
        const recorded = await recordedCalls(url, tenant);
        expect(recorded.map((call) => [call.toolName, call.arguments])).toEqual([
          ['echo', { message: 'A' }],
          ['get-sum', { a: 1, b: 2 }],
          ['echo', { message: 'B' }],
        ]);
        expect(recorded.map((call) => call.status)).toEqual(['OK', 'OK', 'OK']);
        return recorded;
      }, 60_000);
      expect(calls.every((call) => call.serverName === 'everything' && call.status === 'OK')).toBe(true);
      expect(new Set(calls.map((call) => call.session.id)).size).toBe(2);
      expect(runA.stderr()).toMatch(/spooled/);
      await runB.close();
    } finally {
      late.kill('SIGTERM');
      await exited(late);
    }
  });
});
