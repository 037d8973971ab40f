import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { v7 as uuidv7 } from 'uuid';
import { createLedgerEmitter, HttpSink } from '@mcp-ledger/emitter';
import { hashJson } from '@mcp-ledger/events';
import { createCalculatorServer } from '../support/calculator.server';
import { graphqlData } from '../support/graphql';
import { SESSION_CALLS_QUERY, type CallNode } from '../support/session-calls.query';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';

let ledger: TestLedger;
beforeAll(async () => {
  ledger = await startTestLedger();
});
afterAll(async () => ledger?.close());

describe('MCP client ⇄ server (official SDK) → emitter → ledger → ClickHouse → GraphQL', () => {
  it('records every call with its arguments, results, errors and order', async () => {
    const tenant = `e2e-${uuidv7()}`;
    const sessionId = `calc-${uuidv7()}`;
    const emitter = createLedgerEmitter({ sink: new HttpSink({ url: ledger.url }), tenant });
    const server = createCalculatorServer();
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'e2e-client', version: '0.1.0' });
    await server.connect(serverTransport);
    await client.connect(emitter.wrap(clientTransport, { side: 'client', sessionId }));

    const { tools } = await client.listTools();
    await client.callTool({ name: 'divide', arguments: { a: 10, b: 4 } });
    await client.callTool({ name: 'divide', arguments: { a: 1, b: 0 } });
    await expect(client.callTool({ name: 'ledger_lookup', arguments: { account: 'ACME-42' } })).rejects.toThrow(
      /backend unavailable/,
    );
    const resource = await client.readResource({ uri: 'docs://rates' });
    await client.callTool({ name: 'divide', arguments: { a: 9, b: 3 } });
    await client.close();
    await emitter.close();
    expect(emitter.stats()).toMatchObject({ dropped: 0, rejected: 0 });

    const headers = { 'x-ledger-tenant': tenant };
    const { toolCalls } = await graphqlData<{ toolCalls: { edges: { node: CallNode }[]; pageInfo: { hasNextPage: boolean } } }>(
      ledger.url, SESSION_CALLS_QUERY, { sessionId }, headers,
    );
    const calls = toolCalls.edges.map((e) => e.node);
    expect(toolCalls.pageInfo.hasNextPage).toBe(false);
    expect(calls.map((c) => [c.toolName, c.arguments, c.status])).toEqual([
      ['divide', { a: 10, b: 4 }, 'OK'],
      ['divide', { a: 1, b: 0 }, 'TOOL_ERROR'],
      ['ledger_lookup', { account: 'ACME-42' }, 'FAILED'],
      ['divide', { a: 9, b: 3 }, 'OK'],
    ]);
    expect(calls.map((c) => c.seq)).toEqual([...calls.map((c) => c.seq)].sort((a, b) => a - b));
    expect(calls[0]!.result!.body.content[0]!.text).toBe('2.5');
    expect(calls[1]!).toMatchObject({ isError: true, error: null });
    expect(calls[1]!.result!.body.content[0]!.text).toBe('division by zero');
    expect(calls[2]!).toMatchObject({ result: null, error: { code: -32603 } });
    expect(calls[2]!.error!.message).toContain('backend unavailable');
    expect(calls[3]!.result!.body.content[0]!.text).toBe('3');
    for (const call of calls) {
      expect(call.serverName).toBe('calculator');
      expect(call.durationMs).toBeGreaterThanOrEqual(0);
      expect(call.session).toEqual({ id: sessionId, client: { name: 'e2e-client' }, server: { name: 'calculator', version: '2.1.0' } });
    }
    // Each call is joined to the definition that was listed for its tool.
    const divide = tools.find((t) => t.name === 'divide')!;
    expect(calls[0]!.toolDefinitionHash).toBe(
      hashJson({ name: divide.name, description: divide.description, inputSchema: divide.inputSchema }),
    );

    const { session, servers } = await graphqlData<{
      session: { eventCount: number; endedAt: string | null; timeline: { seq: number; type: string; event: { data: Record<string, unknown> } }[] };
      servers: { name: string; versions: string[]; tools: { name: string; definitionHash: string }[] }[];
    }>(
      ledger.url,
      `query S($id: ID!) {
        session(id: $id) { eventCount endedAt timeline { seq type event } }
        servers { name versions tools { name definitionHash } }
      }`,
      { id: sessionId },
      headers,
    );
    expect(session.timeline.map((e) => e.seq)).toEqual(session.timeline.map((_, i) => i));
    expect(session.eventCount).toBe(session.timeline.length);
    expect(session.endedAt).not.toBeNull();
    const read = session.timeline.find((e) => e.type === 'resource.read')!;
    expect(read.event.data['mcp.resource.uri']).toBe('docs://rates');
    expect((read.event.data['contents'] as { hash: string }).hash).toBe(hashJson(resource.contents));
    expect(servers).toEqual([
      expect.objectContaining({
        name: 'calculator',
        versions: ['2.1.0'],
        tools: expect.arrayContaining([expect.objectContaining({ name: 'divide', definitionHash: calls[0]!.toolDefinitionHash })]),
      }),
    ]);
  });
});
