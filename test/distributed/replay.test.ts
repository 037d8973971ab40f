import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { v7 as uuidv7 } from 'uuid';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { createLedgerEmitter } from '@mcp-ledger/emitter';
import { TOPICS } from '@mcp-ledger/events';
import { ensureTopics, IdempotentProducer, KafkaEventSink } from '@mcp-ledger/kafka';
import { PROJECTION_TABLES } from '@mcp-ledger/projections';
import { startProjectorProcess, type ProjectorProcess } from '../support/app-process';
import { sealSession } from '../support/event-factory';
import { createCalculatorServer } from '../support/calculator.server';
import {
  eventMessage,
  produceEvents,
  recordingLogger,
  tempDir,
  tenEventSession,
  TOPICS_FILE,
  waitForCommitted,
  withDatabase,
} from '../support/distributed';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';

/** The raw events (without the time they were ingested) and every projection table, merged, in a fixed order. */
async function snapshot(db: LedgerDatabase): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {
    events: await db.query('SELECT * EXCEPT (ingested_at) FROM events FINAL ORDER BY ALL'),
  };
  for (const table of PROJECTION_TABLES) tables[table] = await db.query(`SELECT * FROM ${table} FINAL ORDER BY ALL`);
  return tables;
}

describe('replay: a new consumer group from offset 0 into empty tables', () => {
  const logger = recordingLogger();
  let broker: KafkaBroker;
  const running: ProjectorProcess[] = [];

  beforeAll(async () => {
    broker = await startKafkaBroker();
    await ensureTopics(broker.bootstrap, TOPICS_FILE, { logger });
  });

  afterAll(async () => {
    for (const app of running) await app.kill();
    await broker?.dispose();
  });

  /** One real SDK session (listing, results, a tool error, a JSON-RPC error, a resource read) through KafkaEventSink. */
  async function recordCalculatorSession(tenant: string): Promise<number> {
    const emitter = createLedgerEmitter({
      sink: new KafkaEventSink({ bootstrap: broker.bootstrap, clientId: 'replay-emitter', logger }),
      tenant,
      spoolDir: tempDir('replay-spool'),
    });
    const server = createCalculatorServer();
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'replay-client', version: '0.1.0' });
    await server.connect(serverTransport);
    await client.connect(emitter.wrap(clientTransport, { side: 'client', sessionId: `calc-${uuidv7()}` }));
    await client.listTools();
    await client.callTool({ name: 'divide', arguments: { a: 10, b: 4 } });
    await client.callTool({ name: 'divide', arguments: { a: 1, b: 0 } });
    await client.callTool({ name: 'ledger_lookup', arguments: { account: 'ACME-42' } }).catch(() => undefined);
    await client.readResource({ uri: 'docs://rates' });
    await client.close();
    await emitter.close({ timeoutMs: 30_000 });
    const stats = emitter.stats();
    expect(stats).toMatchObject({ dropped: 0, rejected: 0, spooled: 0, delivered: stats.emitted });
    return stats.delivered;
  }

  it('rebuilds the event store and every projection table identically', async () => {
    const tenants = [`replay-a-${uuidv7()}`, `replay-b-${uuidv7()}`];
    const first = { dataDir: tempDir('replay-data-1'), groupId: `replay-g1-${uuidv7()}` };
    const second = { dataDir: tempDir('replay-data-2'), groupId: `replay-g2-${uuidv7()}` };
    let inTopic = 0;

    // G1 projects the stream live, as it is produced (its own batch boundaries)…
    const live = await startProjectorProcess({ bootstrap: broker.bootstrap, ...first });
    running.push(live);
    const producer = new IdempotentProducer({ bootstrap: broker.bootstrap, clientId: 'replay-producer', logger });
    for (const tenant of tenants) {
      inTopic += await recordCalculatorSession(tenant);
      for (let index = 0; index < 10; index++) {
        const session = tenEventSession(tenant, index);
        await produceEvents(producer, session);
        inTopic += session.length;
      }
      // A proxied server's credential names (mcp_server_credentials).
      const withCredentials = sealSession([{ type: 'session.started', data: { credentials: { env: ['GITHUB_TOKEN'] } } }], { tenant });
      await produceEvents(producer, withCredentials);
      inTopic += withCredentials.length;
      // A call held for approval and its decision (approvals, approval_decisions).
      const callHash = `sha256:${'d'.repeat(64)}`;
      const approval = sealSession(
        [
          { type: 'approval.requested', data: { approval_id: `ap-${tenant}`, call_id: 'c-1', 'gen_ai.tool.name': 'delete_repo', call_hash: callHash, expires_at: '2026-11-25T09:05:00.000Z' } },
          { type: 'approval.decided', data: { approval_id: `ap-${tenant}`, call_hash: callHash, decision: 'approved', reviewer: { id: 'key:alice' } } },
        ],
        { tenant },
      );
      await produceEvents(producer, approval);
      inTopic += approval.length;
    }
    // …including what at-least-once delivery puts in the log: an event sent twice, and poison.
    const again = tenEventSession(tenants[0]!, 99);
    await produceEvents(producer, again);
    await producer.sendMany([eventMessage(again[4]!), { topic: TOPICS.events, key: again[0]!.session_id, value: 'not json' }]);
    inTopic += again.length + 2;
    await producer.close();
    await waitForCommitted(broker.bootstrap, first.groupId, inTopic, live.output);
    expect((await live.status()).deadLettered).toBeGreaterThanOrEqual(1);
    await live.stop();

    // …then G2 replays the whole topic from offset 0 into an empty data directory.
    const replay = await startProjectorProcess({ bootstrap: broker.bootstrap, ...second });
    running.push(replay);
    await waitForCommitted(broker.bootstrap, second.groupId, inTopic, replay.output);
    expect((await replay.status()).deadLettered).toBeGreaterThanOrEqual(1);
    await replay.stop();

    // chdb: one data directory per process at a time — read one, close it, read the other.
    const original = await withDatabase(first.dataDir, snapshot);
    const rebuilt = await withDatabase(second.dataDir, snapshot);
    expect(original['events']).toHaveLength(inTopic - 2);
    for (const table of ['events', ...PROJECTION_TABLES]) {
      expect(original[table]!.length, `${table} has rows`).toBeGreaterThan(0);
      expect(rebuilt[table], `${table} rebuilt identically`).toEqual(original[table]);
    }
  });
});
