import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson, type LedgerEvent } from '@mcp-ledger/events';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshDir, recordingLogger } from './delivery/delivery.fixtures';
import type { EventSink } from './delivery/event-sink';
import { FileSink } from './delivery/file.sink';
import { MemorySink } from './delivery/memory.sink';
import { createLedgerEmitter, type LedgerEmitter } from './ledger-emitter';
import { ofType, sessionProblems } from './testing/ledger-assertions';

async function connectedPair(emitter: LedgerEmitter, sessionId?: string) {
  const server = new McpServer({ name: 'vault', version: '1.0.0' });
  server.registerTool('login', { inputSchema: { user: z.string(), password: z.string() } }, async ({ user }) => ({
    content: [{ type: 'text', text: `token for ${user}: ghp_abcdefghijklmnopqrstuvwxyz0123456789` }],
  }));
  const client = new Client({ name: 'agent', version: '1.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  await client.connect(emitter.wrap(clientTransport, { side: 'client', sessionId }));
  return client;
}

describe('createLedgerEmitter', () => {
  it('keeps MCP calls working when the sink throws, and spools what it could not deliver', async () => {
    const broken: EventSink = {
      write: () => {
        throw new Error('sink exploded synchronously');
      },
      close: async () => undefined,
    };
    const spoolDir = await freshDir();
    const emitter = createLedgerEmitter({ sink: broken, spoolDir, logger: recordingLogger(), retryInitialMs: 60_000 });
    const client = await connectedPair(emitter);
    const result = await client.callTool({ name: 'login', arguments: { user: 'ada', password: 'pw' } });
    expect(result.content).toHaveLength(1);
    await emitter.flush();
    const stats = emitter.stats();
    expect(stats.delivered).toBe(0);
    expect(stats.spooled).toBe(stats.emitted);
    expect((await readdir(spoolDir)).length).toBeGreaterThan(0);
    await client.close();
    await emitter.close({ timeoutMs: 1000 });
  });

  it('counts redactions and records content as redacted', async () => {
    const sink = new MemorySink();
    const emitter = createLedgerEmitter({ sink });
    const client = await connectedPair(emitter, 'sess-redaction');
    await client.callTool({ name: 'login', arguments: { user: 'ada', password: 'pw' } });
    await emitter.flush();
    const [requested] = ofType(sink.events, 'tool_call.requested');
    const [completed] = ofType(sink.events, 'tool_call.completed');
    expect(requested?.session_id).toBe('sess-redaction');
    expect(requested?.data.arguments).toEqual({ user: 'ada', password: '[REDACTED:password]' });
    expect(completed?.data.result.body).toContain('[REDACTED:github_token]');
    expect(emitter.stats().redactions).toBe(2);
    await emitter.close();
  });

  it('ends sessions still open at shutdown with reason emitter_shutdown', async () => {
    const sink = new MemorySink();
    const emitter = createLedgerEmitter({ sink });
    await connectedPair(emitter);
    await connectedPair(emitter);
    await emitter.close();
    const sessions = new Map<string, typeof sink.events>();
    for (const event of sink.events) sessions.set(event.session_id, [...(sessions.get(event.session_id) ?? []), event]);
    expect(sessions.size).toBe(2);
    for (const events of sessions.values()) {
      expect(sessionProblems(events)).toEqual([]);
      expect(events.at(-1)?.type).toBe('session.ended');
      expect(ofType(events, 'session.ended')[0]?.data.reason).toBe('emitter_shutdown');
    }
    expect(sink.closed).toBe(true);
  });

  it('writes the lines it sealed, already encoded, as valid canonical NDJSON (FileSink)', async () => {
    const path = join(await freshDir(), 'events.ndjson');
    const emitter = createLedgerEmitter({ sink: new FileSink(path), spoolDir: await freshDir(), batchSize: 3 });
    const client = await connectedPair(emitter, 'sess-file');
    for (let i = 0; i < 4; i += 1) await client.callTool({ name: 'login', arguments: { user: `ü${i}`, password: 'pw' } });
    await emitter.close();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    const events = lines.map((line) => JSON.parse(line) as LedgerEvent);
    expect(lines).toEqual(events.map((event) => canonicalJson(event)));
    expect(sessionProblems(events)).toEqual([]);
    expect(ofType(events, 'tool_call.completed')).toHaveLength(4);
    expect(emitter.stats().delivered).toBe(events.length);
  });

  it('record(): messages captured without an SDK transport become one chained session', async () => {
    const sink = new MemorySink();
    const emitter = createLedgerEmitter({ sink, kind: 'proxy', tenant: 'acme' });
    const session = emitter.record({ side: 'client', serverName: 'github', keepServerName: true, transport: 'stdio', agent: 'bot', getTransportSessionId: () => 'mcp-1' });
    session.capture({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'host', version: '1' } } }, 'outbound');
    session.capture({ jsonrpc: '2.0', id: 0, result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'gh', version: '2' } } }, 'inbound');
    session.capture({ jsonrpc: '2.0', method: 'notifications/initialized' }, 'outbound');
    session.capture({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { message: 'hi' } } }, 'outbound');
    session.capture({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'Echo: hi' }] } }, 'inbound');
    session.capture({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'slow', arguments: {} } }, 'outbound');
    session.close();
    session.close();
    session.capture({ jsonrpc: '2.0', id: 3, method: 'ping' }, 'outbound');
    await emitter.close();

    const events = sink.events.filter((event) => event.session_id === session.sessionId);
    expect(events).toHaveLength(sink.events.length);
    expect(sessionProblems(events)).toEqual([]);
    expect(events[0]?.type).toBe('session.started');
    expect(events[0]?.tenant).toBe('acme');
    expect(events[0]?.source).toMatchObject({ kind: 'proxy', side: 'client', transport: 'stdio', agent: 'bot', server: { name: 'github', version: '2' } });
    expect(ofType(events, 'session.started')[0]?.data['mcp.session.id']).toBe('mcp-1');
    const [completed] = ofType(events, 'tool_call.completed');
    expect(completed?.data['gen_ai.tool.name']).toBe('echo');
    // The call left unanswered at close is failed with the connection-closed code, then the session ends once.
    expect(ofType(events, 'tool_call.failed')).toHaveLength(1);
    expect(ofType(events, 'session.ended').map((e) => e.data.reason)).toEqual(['closed']);
    expect(emitter.stats().enqueued).toBe(6);
  });

  it('record(): an annotated capture becomes policy.evaluated in order, after its request', async () => {
    const sink = new MemorySink();
    const emitter = createLedgerEmitter({ sink, kind: 'proxy' });
    const session = emitter.record({ side: 'client', serverName: 'mail', keepServerName: true, transport: 'stdio' });
    const request = { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'send_email', arguments: { to: 'a@b.example' } } };
    session.capture(request, 'outbound', { policy: { decision: 'require_approval', policyVersion: 'p-1', matchedRules: ['mail-needs-approval'], reason: 'held', enforced: true } });
    session.capture({ jsonrpc: '2.0', id: 5, error: { code: -32001, message: 'requires approval' } }, 'inbound');
    session.close();
    await emitter.close();
    expect(sessionProblems(sink.events)).toEqual([]);
    expect(sink.events.map((e) => e.type)).toEqual(['session.started', 'tool_call.requested', 'policy.evaluated', 'tool_call.failed', 'session.ended']);
    const [evaluated] = ofType(sink.events, 'policy.evaluated');
    expect(evaluated?.data).toMatchObject({ decision: 'require_approval', policy_version: 'p-1', matched_rules: ['mail-needs-approval'], enforced: true });
    expect(evaluated?.data.call_id).toBe(ofType(sink.events, 'tool_call.requested')[0]?.data.call_id);
  });

  it('record(): an approval annotation becomes approval.requested after policy.evaluated, with the call id', async () => {
    const sink = new MemorySink();
    const emitter = createLedgerEmitter({ sink, kind: 'proxy' });
    const session = emitter.record({ side: 'client', serverName: 'repo', keepServerName: true, transport: 'stdio' });
    const request = { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'delete_repo', arguments: { repo: 'prod' } } };
    const callHash = `sha256:${'a'.repeat(64)}`;
    session.capture(request, 'outbound', {
      policy: { decision: 'require_approval', policyVersion: 'p-2', matchedRules: ['deletes'], enforced: true },
      approval: { approvalId: 'ap-1', callHash, expiresAt: '2026-01-01T00:02:00.000Z', policyVersion: 'p-2', matchedRules: ['deletes'], risk: 'high', reason: 'held' },
    });
    session.close();
    await emitter.close();
    expect(sessionProblems(sink.events)).toEqual([]);
    expect(sink.events.map((e) => e.type)).toEqual(['session.started', 'tool_call.requested', 'policy.evaluated', 'approval.requested', 'tool_call.failed', 'session.ended']);
    const [requested] = ofType(sink.events, 'approval.requested');
    expect(requested?.data).toEqual({
      approval_id: 'ap-1',
      call_id: ofType(sink.events, 'tool_call.requested')[0]?.data.call_id,
      'gen_ai.tool.name': 'delete_repo',
      call_hash: callHash,
      expires_at: '2026-01-01T00:02:00.000Z',
      reason: 'held',
      policy_version: 'p-2',
      matched_rules: ['deletes'],
      risk: 'high',
    });
  });

  it('record(): credentials are recorded in session.started by name, sorted and without duplicates', async () => {
    const sink = new MemorySink();
    const emitter = createLedgerEmitter({ sink, kind: 'proxy' });
    const session = emitter.record({
      side: 'client',
      serverName: 'github',
      transport: 'stdio',
      credentials: { env: ['GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', ''], oauthScopes: ['repo', 'read:org'] },
    });
    session.capture({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, 'outbound');
    session.close();
    await emitter.close();
    expect(sessionProblems(sink.events)).toEqual([]);
    expect(ofType(sink.events, 'session.started')[0]?.data.credentials).toEqual({ env: ['AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN'], oauth_scopes: ['read:org', 'repo'] });
  });

  it('record(): without credentials, session.started has none', async () => {
    const sink = new MemorySink();
    const emitter = createLedgerEmitter({ sink });
    const session = emitter.record({ side: 'client', transport: 'stdio' });
    session.close();
    await emitter.close();
    expect(ofType(sink.events, 'session.started')[0]?.data).not.toHaveProperty('credentials');
  });

  it('record(): sessions still open at shutdown end with emitter_shutdown', async () => {
    const sink = new MemorySink();
    const emitter = createLedgerEmitter({ sink });
    const session = emitter.record({ side: 'client', transport: 'streamable-http' });
    session.capture({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, 'outbound');
    session.capture({ jsonrpc: '2.0', id: 1, result: { tools: [] } }, 'inbound');
    await emitter.close();
    expect(sessionProblems(sink.events)).toEqual([]);
    expect(ofType(sink.events, 'session.ended')[0]?.data.reason).toBe('emitter_shutdown');
  });
});
