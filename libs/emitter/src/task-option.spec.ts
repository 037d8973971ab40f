import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { parseLedgerEvent } from '@mcp-ledger/events';
import { describe, expect, it } from 'vitest';
import { MemorySink } from './delivery/memory.sink';
import { createLedgerEmitter } from './ledger-emitter';
import { checkedTask, TaskOptionError } from './task-option';

const initialize = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'host', version: '1' } } };
const initialized = { jsonrpc: '2.0', id: 0, result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'gh', version: '2' } } };
const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_issues', arguments: {} } };

describe('checkedTask', () => {
  it('keeps a valid id and clips a long name', () => {
    expect(checkedTask({ id: 'JIRA-142', name: 'x'.repeat(300) }, 'task')).toEqual({ id: 'JIRA-142', name: 'x'.repeat(255) });
    expect(checkedTask({ id: 'run:2026-11-25@ci' }, 'task')).toEqual({ id: 'run:2026-11-25@ci' });
    expect(checkedTask(undefined, 'task')).toBeUndefined();
  });

  it.each([[''], ['has space'], ["x' OR 1=1"], ['-leading-dash'], ['a'.repeat(129)]])('refuses the id %j, naming the option', (id) => {
    expect(() => checkedTask({ id }, 'record.task')).toThrow(TaskOptionError);
    expect(() => checkedTask({ id }, 'record.task')).toThrow(/^record\.task\.id /);
  });
});

describe('createLedgerEmitter({ task })', () => {
  it('refuses an invalid task when the emitter is created, not at ingest', () => {
    expect(() => createLedgerEmitter({ sink: new MemorySink(), task: { id: 'no spaces' } })).toThrow(TaskOptionError);
  });

  it("records the emitter's task on every event, and a session's own task instead where it sets one", async () => {
    const sink = new MemorySink();
    const emitter = createLedgerEmitter({ sink, agent: 'triage-bot', task: { id: 'JIRA-142', name: 'Triage the inbox' } });
    const inherited = emitter.record({ side: 'client', serverName: 'github', transport: 'stdio' });
    const own = emitter.record({ side: 'client', serverName: 'github', transport: 'stdio', task: { id: 'JIRA-150' } });
    for (const session of [inherited, own]) {
      session.capture(initialize, 'outbound');
      session.capture(initialized, 'inbound');
      session.capture(call, 'outbound');
      session.close();
    }
    await emitter.close();

    const of = (sessionId: string) => sink.events.filter((event) => event.session_id === sessionId);
    expect(of(inherited.sessionId).length).toBeGreaterThan(2);
    expect(of(inherited.sessionId).every((e) => e.source.task?.id === 'JIRA-142' && e.source.task.name === 'Triage the inbox')).toBe(true);
    expect(of(own.sessionId).every((e) => e.source.task?.id === 'JIRA-150' && e.source.task.name === undefined)).toBe(true);
    expect(sink.events.every((event) => parseLedgerEvent(JSON.parse(JSON.stringify(event))).ok)).toBe(true);
  });

  it('wrap({ task }) records the task of an SDK connection, and no task when none is given', async () => {
    const sink = new MemorySink();
    const emitter = createLedgerEmitter({ sink });
    const server = new McpServer({ name: 'repo', version: '1.0.0' });
    server.registerTool('list_issues', {}, async () => ({ content: [{ type: 'text', text: 'none' }] }));
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await server.connect(serverTransport);
    const client = new Client({ name: 'agent', version: '1.0.0' });
    await client.connect(emitter.wrap(clientTransport, { side: 'client', sessionId: 'wrapped-1', task: { id: 'deploy-77' } }));
    await client.callTool({ name: 'list_issues', arguments: {} });
    await client.close();
    const untasked = emitter.record({ side: 'client', sessionId: 'untasked-1' });
    untasked.capture(call, 'outbound');
    untasked.close();
    await emitter.close();

    const wrapped = sink.events.filter((event) => event.session_id === 'wrapped-1');
    expect(wrapped.some((event) => event.type === 'tool_call.requested')).toBe(true);
    expect(wrapped.every((event) => event.source.task?.id === 'deploy-77')).toBe(true);
    expect(sink.events.filter((event) => event.session_id === 'untasked-1').every((event) => !('task' in event.source))).toBe(true);
  });
});
