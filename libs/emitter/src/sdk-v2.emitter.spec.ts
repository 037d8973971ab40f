import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { McpServer } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MemorySink } from './delivery/memory.sink';
import { createLedgerEmitter } from './ledger-emitter';
import { ofType, sessionProblems } from './testing/ledger-assertions';

/**
 * The same emitter, unchanged, on the v2 split packages: their Transport interface
 * grew members (`setSupportedProtocolVersions`, `hasPerRequestStream`) that the
 * wrapper must pass through without knowing them.
 */
describe.each(['client', 'server'] as const)('emitter on the %s side of a v2 SDK connection', (side) => {
  it('records a basic session as valid, hash-chained events', async () => {
    const sink = new MemorySink();
    const emitter = createLedgerEmitter({ sink, logger: { warn: () => undefined, error: (m) => { throw new Error(m); } } });
    const server = new McpServer({ name: 'files-v2', version: '2.0.0' });
    server.registerTool('echo', { description: 'Echo text', inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
    server.registerResource('readme', 'file:///readme.md', { mimeType: 'text/markdown' }, async (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'text/markdown', text: '# v2' }],
    }));
    const client = new Client({ name: 'agent-v2', version: '2.0.0' }, { capabilities: { sampling: {} } });
    client.setRequestHandler('sampling/createMessage', async () => ({ model: 'm', role: 'assistant', content: { type: 'text', text: 'v2 sample' } }));

    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await server.connect(side === 'server' ? emitter.wrap(serverTransport, { side }) : serverTransport);
    await client.connect(side === 'client' ? emitter.wrap(clientTransport, { side }) : clientTransport);

    await client.listTools();
    const echoed = await client.callTool({ name: 'echo', arguments: { text: 'hi v2' } });
    // v2 answers an unknown tool with a JSON-RPC error (InvalidParams), not an isError result.
    const unknown = await client.callTool({ name: 'missing', arguments: {} }).catch((error: unknown) => error);
    await client.readResource({ uri: 'file:///readme.md' });
    await server.server.createMessage({ messages: [{ role: 'user', content: { type: 'text', text: 'ask v2' } }], maxTokens: 5 });
    await client.ping();
    await client.close();
    await emitter.close();

    expect(echoed.content).toEqual([{ type: 'text', text: 'hi v2' }]);
    const events = sink.events;
    expect(sessionProblems(events)).toEqual([]);
    expect(unknown).toBeInstanceOf(Error);
    expect(events.map((e) => e.type)).toEqual([
      'session.started',
      'rpc.exchanged',
      'tools.listed',
      'tool_call.requested',
      'tool_call.completed',
      'tool_call.requested',
      'tool_call.failed',
      'resource.read',
      'sampling.requested',
      'sampling.completed',
      'rpc.exchanged',
      'session.ended',
    ]);
    expect(ofType(events, 'session.started')[0]?.data).toMatchObject({ client_info: { name: 'agent-v2' }, server_info: { name: 'files-v2' } });
    expect(ofType(events, 'tool_call.requested')[0]?.data.arguments).toEqual({ text: 'hi v2' });
    expect(ofType(events, 'tool_call.requested')[0]?.data.tool_definition_hash).toBe(ofType(events, 'tools.listed')[0]?.data.items[0]?.definition_hash);
    expect(ofType(events, 'tool_call.failed')[0]?.data).toMatchObject({
      'gen_ai.tool.name': 'missing',
      'error.type': '-32602',
      error: { code: -32602, message: expect.stringContaining('missing not found') },
    });
    expect(ofType(events, 'resource.read')[0]?.data.contents?.body).toContain('# v2');
    expect(events.at(-1)?.source).toMatchObject({ side, transport: 'in-memory', server: { name: 'files-v2' }, client: { name: 'agent-v2' } });
  });
});
