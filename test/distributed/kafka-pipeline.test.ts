import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { v7 as uuidv7 } from 'uuid';
import { createLedgerEmitter } from '@mcp-ledger/emitter';
import { canonicalJson, hashJson, TOPICS } from '@mcp-ledger/events';
import { ensureTopics, IdempotentProducer, KafkaEventSink, readDeadLetter } from '@mcp-ledger/kafka';
import { startApiProcess, startProjectorProcess, type ApiProcess, type ProjectorProcess } from '../support/app-process';
import { createCalculatorServer } from '../support/calculator.server';
import {
  allToolCalls,
  eventCounts,
  eventMessage,
  readTopic,
  recordingLogger,
  tempDir,
  tenEventSession,
  TOPICS_FILE,
  waitForCommitted,
  withDatabase,
} from '../support/distributed';
import { graphqlData } from '../support/graphql';
import { SESSION_CALLS_QUERY, type CallNode } from '../support/session-calls.query';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';

describe('distributed pipeline: emitter → Kafka → projector process → ClickHouse → API process', () => {
  const logger = recordingLogger();
  let broker: KafkaBroker;
  /** Messages produced to this file's events topic so far: a new group has read them all when it committed this many. */
  let inTopic = 0;
  const running: (ProjectorProcess | ApiProcess)[] = [];

  beforeAll(async () => {
    broker = await startKafkaBroker();
    await ensureTopics(broker.bootstrap, TOPICS_FILE, { logger });
  });

  afterAll(async () => {
    for (const app of running) await app.kill();
    await broker?.dispose();
  });

  it('records every call of a real SDK session with its arguments, results and errors', async () => {
    const tenant = `e2e-${uuidv7()}`;
    const sessionId = `calc-${uuidv7()}`;
    const emitter = createLedgerEmitter({
      sink: new KafkaEventSink({ bootstrap: broker.bootstrap, clientId: 'e2e-emitter', logger }),
      tenant,
      spoolDir: tempDir('e2e-spool'),
    });
    const server = createCalculatorServer();
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'e2e-client', version: '0.1.0' });
    await server.connect(serverTransport);
    await client.connect(emitter.wrap(clientTransport, { side: 'client', sessionId }));

    const { tools } = await client.listTools();
    await client.callTool({ name: 'divide', arguments: { a: 10, b: 4 } });
    await client.callTool({ name: 'divide', arguments: { a: 1, b: 0 } });
    await expect(client.callTool({ name: 'ledger_lookup', arguments: { account: 'ACME-42' } })).rejects.toThrow(/backend unavailable/);
    const resource = await client.readResource({ uri: 'docs://rates' });
    await client.callTool({ name: 'divide', arguments: { a: 9, b: 3 } });
    await client.close();
    await emitter.close({ timeoutMs: 30_000 });
    const stats = emitter.stats();
    expect(stats).toMatchObject({ dropped: 0, rejected: 0, spooled: 0 });
    expect(stats.delivered).toBe(stats.emitted);
    inTopic += stats.delivered;

    const dataDir = tempDir('e2e-data');
    const groupId = `e2e-${uuidv7()}`;
    const projector = await startProjectorProcess({ bootstrap: broker.bootstrap, dataDir, groupId });
    running.push(projector);
    await waitForCommitted(broker.bootstrap, groupId, inTopic, projector.output);
    expect(await projector.status()).toMatchObject({ running: true, stored: stats.delivered, deadLettered: 0 });
    await projector.stop();

    const api = await startApiProcess({ dataDir });
    running.push(api);
    const headers = { 'x-ledger-tenant': tenant };
    const { toolCalls } = await graphqlData<{ toolCalls: { edges: { node: CallNode }[]; pageInfo: { hasNextPage: boolean } } }>(
      api.url,
      SESSION_CALLS_QUERY,
      { sessionId },
      headers,
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
      expect(call.session).toEqual({ id: sessionId, client: { name: 'e2e-client' }, server: { name: 'calculator', version: '2.1.0' } });
    }
    const divide = tools.find((t) => t.name === 'divide')!;
    expect(calls[0]!.toolDefinitionHash).toBe(hashJson({ name: divide.name, description: divide.description, inputSchema: divide.inputSchema }));

    const { session } = await graphqlData<{
      session: { eventCount: number; endedAt: string | null; timeline: { seq: number; type: string; event: { data: Record<string, unknown> } }[] };
    }>(api.url, `query S($id: ID!) { session(id: $id) { eventCount endedAt timeline { seq type event } } }`, { id: sessionId }, headers);
    expect(session.timeline.map((e) => e.seq)).toEqual(session.timeline.map((_, i) => i));
    expect(session.eventCount).toBe(stats.delivered);
    expect(session.endedAt).not.toBeNull();
    const read = session.timeline.find((e) => e.type === 'resource.read')!;
    expect(read.event.data['mcp.resource.uri']).toBe('docs://rates');
    expect((read.event.data['contents'] as { hash: string }).hash).toBe(hashJson(resource.contents));
    await api.stop();
  });

  it('dead-letters non-JSON, wrong-schema and unknown-version messages with their reason and stores their valid neighbours', async () => {
    const tenant = `poison-${uuidv7()}`;
    const sessions = [0, 1, 2].map((index) => tenEventSession(tenant, index));
    const [first, second, third] = sessions as [typeof sessions[0], typeof sessions[0], typeof sessions[0]];
    // Poison keyed like its neighbours, so it sits between valid events of the same partition.
    const wrongSchema = { ...JSON.parse(canonicalJson(second[3]!)), id: uuidv7(), seq: 'three' };
    const futureVersion = { ...JSON.parse(canonicalJson(third[3]!)), id: uuidv7(), specversion: '9.9' };
    const poison = [
      { key: first[0]!.session_id, value: '{"specversion":"1.0","id": not json at all', reason: /^malformed_json/ },
      { key: second[0]!.session_id, value: JSON.stringify(wrongSchema), reason: /^invalid_event: .*seq/ },
      { key: third[0]!.session_id, value: JSON.stringify(futureVersion), reason: /^unsupported_version: .*9\.9/ },
    ];
    const messages = sessions.flatMap((events, s) => [
      ...events.slice(0, 5).map(eventMessage),
      { topic: TOPICS.events, key: poison[s]!.key, value: poison[s]!.value },
      ...events.slice(5).map(eventMessage),
    ]);
    const producer = new IdempotentProducer({ bootstrap: broker.bootstrap, clientId: 'poison-producer', logger });
    await producer.sendMany(messages);
    await producer.close();
    inTopic += messages.length;

    const dataDir = tempDir('poison-data');
    const groupId = `poison-${uuidv7()}`;
    const projector = await startProjectorProcess({ bootstrap: broker.bootstrap, dataDir, groupId });
    running.push(projector);
    await waitForCommitted(broker.bootstrap, groupId, inTopic, projector.output);
    const status = await projector.status();
    // Kept going: still running, every poison message set aside, the rest of the topic stored.
    expect(status.running).toBe(true);
    // At-least-once: a batch handled again after a consumer restart would dead-letter its poison again.
    expect(status.deadLettered).toBeGreaterThanOrEqual(3);
    await projector.stop();

    // Where each poison message sits in the events topic…
    const poisonValues = new Set(poison.map((p) => p.value));
    const source = await readTopic({
      bootstrap: broker.bootstrap,
      topic: TOPICS.events,
      logger,
      done: (received) => received.filter((m) => poisonValues.has(m.value.toString())).length >= poison.length,
    });
    // …and what the dead-letter topic says about it.
    const letters = await readTopic({
      bootstrap: broker.bootstrap,
      topic: TOPICS.deadLetter,
      logger,
      done: (received) => received.filter((m) => poisonValues.has(m.value.toString())).length >= poison.length,
    });
    for (const { key, value, reason } of poison) {
      const at = source.find((m) => m.value.toString() === value)!;
      const dead = letters.filter((m) => m.value.toString() === value);
      expect(dead.length, `a dead letter for ${value.slice(0, 40)}`).toBeGreaterThanOrEqual(1);
      for (const letter of dead) {
        expect(letter.key?.toString()).toBe(key);
        expect(readDeadLetter(letter)).toMatchObject({
          reason: expect.stringMatching(reason),
          sourceTopic: TOPICS.events,
          sourcePartition: at.partition,
          sourceOffset: at.offset,
        });
      }
    }

    const api = await startApiProcess({ dataDir });
    running.push(api);
    const calls = await allToolCalls(api.url, tenant);
    expect(calls.map((c) => `${c.sessionId}/${c.callId}:${c.status}:${JSON.stringify(c.arguments)}`).sort()).toEqual(
      sessions
        .flatMap((events, s) => [0, 1, 2, 3].map((call) => `${events[0]!.session_id}/call-${call}:OK:${JSON.stringify({ text: `session ${s} call ${call}` })}`))
        .sort(),
    );
    await api.stop();
    // The API process released the data directory: read the raw store here.
    await withDatabase(dataDir, async (db) => {
      expect(await eventCounts(db, tenant)).toMatchObject({ final: 30, unique: 30 });
      const ids = await db.query<{ id: string }>('SELECT id FROM events FINAL WHERE tenant = {tenant:String} ORDER BY id', { tenant });
      expect(ids.map((r) => r.id)).toEqual(sessions.flat().map((e) => e.id).sort());
    });
  });
});
