import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ErrorCode, ListRootsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { hashJson, type LedgerEvent } from '@mcp-ledger/events';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MemorySink } from './delivery/memory.sink';
import { createLedgerEmitter } from './ledger-emitter';
import { ofType, sessionProblems } from './testing/ledger-assertions';
import type { TransportSide } from './transport/mcp-transport.types';

async function runV1Session(side: TransportSide): Promise<{ events: LedgerEvent[]; stats: ReturnType<ReturnType<typeof createLedgerEmitter>['stats']> }> {
  const sink = new MemorySink();
  const emitter = createLedgerEmitter({ sink, tenant: 'acme', logger: { warn: () => undefined, error: (m) => { throw new Error(m); } } });
  const server = new McpServer({ name: 'files-v1', version: '1.2.3' }, { instructions: 'be careful' });
  server.registerTool('echo', { description: 'Echo text', inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
  server.registerTool('broken', { description: 'Always reports an error' }, async () => ({ isError: true, content: [{ type: 'text', text: 'disk full' }] }));
  // v1's McpServer turns almost every tool failure into an isError result; this one
  // error code it lets through as a real JSON-RPC error.
  server.registerTool('needs_login', { description: 'Asks for a browser login' }, async () => {
    throw new McpError(ErrorCode.UrlElicitationRequired, 'login required', { elicitations: [] });
  });
  let slowStarted: () => void = () => undefined;
  const slowRunning = new Promise<void>((resolve) => (slowStarted = resolve));
  server.registerTool('slow', { description: 'Waits until cancelled' }, async (extra) => {
    slowStarted();
    await new Promise((resolve) => extra.signal.addEventListener('abort', resolve));
    return { content: [{ type: 'text', text: 'too late' }] };
  });
  server.registerResource('readme', 'file:///readme.md', { mimeType: 'text/markdown' }, async (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'text/markdown', text: '# Readme\nkey AKIAIOSFODNN7EXAMPLE' }],
  }));
  server.registerPrompt('review', { argsSchema: { file: z.string() } }, async ({ file }) => ({
    messages: [{ role: 'user', content: { type: 'text', text: `Review ${file}` } }],
  }));

  const client = new Client({ name: 'agent-v1', version: '0.9.0' }, { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } } });
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({ model: 'test-model', role: 'assistant', content: { type: 'text', text: 'sampled answer' } }));
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { name: 'Ada' } }));
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///work', name: 'work' }] }));

  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const wrapped = side === 'client' ? emitter.wrap(clientTransport, { side }) : emitter.wrap(serverTransport, { side });
  await server.connect(side === 'server' ? wrapped : serverTransport);
  await client.connect(side === 'client' ? wrapped : clientTransport);

  await client.listTools();
  await client.callTool({ name: 'echo', arguments: { text: 'hello', password: 'hunter2' } });
  await client.callTool({ name: 'broken', arguments: {} });
  await client.callTool({ name: 'missing', arguments: {} });
  await client.callTool({ name: 'needs_login', arguments: {} }).catch(() => undefined);
  await client.readResource({ uri: 'file:///readme.md' });
  await client.getPrompt({ name: 'review', arguments: { file: 'a.ts' } });
  await server.server.createMessage({ messages: [{ role: 'user', content: { type: 'text', text: 'summarise' } }], maxTokens: 50 });
  await server.server.elicitInput({ message: 'Your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } } } });
  await server.server.listRoots();
  await client.ping();
  server.registerTool('late', { description: 'Registered after connect' }, async () => ({ content: [] }));
  const abort = new AbortController();
  const slow = client.callTool({ name: 'slow', arguments: {} }, undefined, { signal: abort.signal }).catch((error: unknown) => error);
  await slowRunning;
  abort.abort('user pressed stop');
  await slow;
  await client.close();
  await emitter.flush();
  const stats = emitter.stats();
  await emitter.close();
  return { events: sink.events, stats };
}

describe.each(['client', 'server'] as const)('emitter on the %s side of a v1 SDK connection', (side) => {
  it('records the whole session as valid, hash-chained events in wire order', async () => {
    const { events, stats } = await runV1Session(side);
    expect(sessionProblems(events)).toEqual([]);
    expect(events.map((e) => e.type)).toEqual([
      'session.started',
      'rpc.exchanged', // notifications/initialized
      'tools.listed',
      'tool_call.requested',
      'tool_call.completed',
      'tool_call.requested',
      'tool_call.completed',
      'tool_call.requested',
      'tool_call.completed', // unknown tool: v1 answers with an isError result
      'tool_call.requested',
      'tool_call.failed', // JSON-RPC error
      'resource.read',
      'prompt.got',
      'sampling.requested',
      'sampling.completed',
      'elicitation.requested',
      'elicitation.completed',
      'rpc.exchanged', // roots/list
      'rpc.exchanged', // ping
      'list.changed',
      'tool_call.requested',
      'rpc.cancelled',
      'tool_call.failed',
      'session.ended',
    ]);
    expect(new Set(events.map((e) => e.session_id)).size).toBe(1);
    expect(events.every((e) => e.tenant === 'acme' && e.source.side === side)).toBe(true);
    expect(stats.emitted).toBe(events.length);
    expect(stats.delivered).toBe(events.length);
    expect(stats.dropped).toBe(0);
  });

  it('records handshake, tool calls, content and errors with their payloads', async () => {
    const { events } = await runV1Session(side);
    const [started] = ofType(events, 'session.started');
    expect(started?.data).toMatchObject({ client_info: { name: 'agent-v1' }, server_info: { name: 'files-v1', version: '1.2.3' }, instructions_hash: hashJson('be careful') });
    expect(started?.data['mcp.protocol.version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(events.at(-1)?.source).toMatchObject({ server: { name: 'files-v1', version: '1.2.3' }, client: { name: 'agent-v1', version: '0.9.0' }, transport: 'in-memory' });

    const [listed] = ofType(events, 'tools.listed');
    const echoDefinition = listed?.data.items.find((item) => item.name === 'echo');
    expect(echoDefinition?.definition).toMatchObject({ name: 'echo', description: 'Echo text' });
    expect(echoDefinition?.definition_hash).toBe(hashJson(echoDefinition?.definition));

    const requested = ofType(events, 'tool_call.requested');
    expect(requested.map((e) => e.data['gen_ai.tool.name'])).toEqual(['echo', 'broken', 'missing', 'needs_login', 'slow']);
    expect(requested[0]?.data.arguments).toEqual({ text: 'hello', password: '[REDACTED:password]' });
    expect(requested[0]?.data.arguments_hash).toBe(hashJson({ text: 'hello', password: '[REDACTED:password]' }));
    expect(requested[0]?.data.tool_definition_hash).toBe(echoDefinition?.definition_hash);
    expect(new Set(requested.map((e) => e.data.call_id)).size).toBe(5);

    const [echoDone, brokenDone, missingDone] = ofType(events, 'tool_call.completed');
    expect(echoDone?.data.call_id).toBe(requested[0]?.data.call_id);
    expect(echoDone?.data.is_error).toBe(false);
    expect(JSON.parse(echoDone?.data.result.body ?? 'null')).toEqual({ content: [{ type: 'text', text: 'hello' }] });
    expect(brokenDone?.data.is_error).toBe(true);
    expect(missingDone?.data.is_error).toBe(true);
    expect(missingDone?.data.result.body).toContain('missing not found');

    const [rpcFailure, cancelled] = ofType(events, 'tool_call.failed');
    expect(rpcFailure?.data.call_id).toBe(requested[3]?.data.call_id);
    expect(rpcFailure?.data['error.type']).toBe(String(ErrorCode.UrlElicitationRequired));
    expect(rpcFailure?.data.error).toMatchObject({ code: ErrorCode.UrlElicitationRequired, message: expect.stringContaining('login required') });
    expect(cancelled?.data['error.type']).toBe('cancelled');
    expect(cancelled?.data.call_id).toBe(requested[4]?.data.call_id);
    expect(ofType(events, 'rpc.cancelled')[0]?.data).toMatchObject({ call_id: requested[4]?.data.call_id, sender: 'client', reason: 'user pressed stop' });

    const [read] = ofType(events, 'resource.read');
    expect(read?.data['mcp.resource.uri']).toBe('file:///readme.md');
    expect(read?.data.contents?.mime_type).toBe('text/markdown');
    expect(read?.data.contents?.body).toContain('[REDACTED:aws_access_key_id]');
    expect(read?.data.contents?.body).not.toContain('AKIAIOSFODNN7EXAMPLE');

    expect(ofType(events, 'prompt.got')[0]?.data).toMatchObject({ 'gen_ai.prompt.name': 'review', arguments: { file: 'a.ts' } });
    expect(ofType(events, 'sampling.requested')[0]?.data.request.body).toContain('summarise');
    expect(ofType(events, 'sampling.completed')[0]?.data.result?.body).toContain('sampled answer');
    expect(ofType(events, 'elicitation.completed')[0]?.data).toMatchObject({ action: 'accept' });
    const exchanged = ofType(events, 'rpc.exchanged');
    expect(exchanged.map((e) => [e.data['mcp.method.name'], e.data.sender, e.data.kind])).toEqual([
      ['notifications/initialized', 'client', 'notification'],
      ['roots/list', 'server', 'request'],
      ['ping', 'client', 'request'],
    ]);
    expect(exchanged[1]?.data.result).toEqual({ roots: [{ uri: 'file:///work', name: 'work' }] });
    expect(ofType(events, 'list.changed')[0]?.data['mcp.method.name']).toBe('notifications/tools/list_changed');
    expect(ofType(events, 'session.ended')[0]?.data.reason).toBe('closed');
  });
});
