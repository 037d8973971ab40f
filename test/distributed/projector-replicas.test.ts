import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { v7 as uuidv7 } from 'uuid';
import { createLedgerDatabase, runMigrations, type LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent } from '@mcp-ledger/events';
import { ensureTopics, IdempotentProducer } from '@mcp-ledger/kafka';
import { DatabaseModule } from '@mcp-ledger/ledger-core';
import { KafkaProjector, ProjectorModule } from '@mcp-ledger/projector';
import {
  eventCounts,
  produceEvents,
  recordingLogger,
  sleep,
  tempDir,
  tenEventSession,
  TOPICS_FILE,
  waitForCommitted,
  waitUntil,
} from '../support/distributed';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';

/**
 * The store is shared by both replicas but not closed by either: each Nest context's
 * DatabaseModule closes the database it was given on shutdown, and replica A stops first.
 */
function borrowed(db: LedgerDatabase): LedgerDatabase {
  return {
    query: (sql, params) => db.query(sql, params),
    insert: (table, rows) => db.insert(table, rows),
    command: (sql, params) => db.command(sql, params),
    ping: () => db.ping(),
    close: async () => undefined,
    describe: () => db.describe(),
  };
}

interface Replica {
  name: string;
  app: INestApplicationContext;
  projector: KafkaProjector;
}

describe('two projector replicas in one consumer group', () => {
  const logger = recordingLogger();
  let broker: KafkaBroker;
  let db: LedgerDatabase | undefined;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    broker = await startKafkaBroker();
    await ensureTopics(broker.bootstrap, TOPICS_FILE, { logger });
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.app.close();
    await db?.close();
    await broker?.dispose();
  });

  it('share the partitions, and the rebalances lose and double nothing', async () => {
    const tenant = `replicas-${uuidv7()}`;
    const groupId = `replicas-${uuidv7()}`;
    // The embedded engine allows one process per data directory, so the two replicas run in
    // this one process over one LedgerDatabase, as two Nest application contexts (each its own
    // ProjectorModule, consumer and dead-letter producer). With a ClickHouse server they
    // would be two projector processes; the consumer-group behaviour under test is the same.
    db = createLedgerDatabase({ dataDir: tempDir('replicas-data') });
    await runMigrations(db);
    const shared = borrowed(db);
    const startReplica = async (name: string): Promise<Replica> => {
      const app = await NestFactory.createApplicationContext(
        {
          module: class ReplicaModule {},
          imports: [
            DatabaseModule.forRoot({ instance: shared }),
            ProjectorModule.forRoot({
              kafka: { bootstrap: broker.bootstrap, clientId: `projector-${name}`, logger },
              groupId,
              fromBeginning: true,
              maxEventBytes: 1024 * 1024,
            }),
          ],
        },
        { logger: ['error', 'warn'] },
      );
      const projector = app.get(KafkaProjector);
      await projector.start();
      const replica = { name, app, projector };
      replicas.push(replica);
      return replica;
    };
    const describeReplicas = () => replicas.map((r) => `${r.name}: ${JSON.stringify(r.projector.status())}`).join('; ');

    // The stream: one session of 10 events after another, until told to stop.
    const producer = new IdempotentProducer({ bootstrap: broker.bootstrap, clientId: 'replicas-producer', logger });
    const produced: LedgerEvent[] = [];
    let producing = true;
    const stream = (async () => {
      for (let index = 0; producing && index < 1_000; index++) {
        const session = tenEventSession(tenant, index);
        await produceEvents(producer, session);
        produced.push(...session);
        await sleep(40);
      }
    })();

    const a = await startReplica('A');
    await waitUntil(() => a.projector.status().stored > 0, () => `A has stored nothing yet: ${describeReplicas()}`);

    // B joins: a rebalance hands it some of A's partitions, and it gets batches of its own.
    const b = await startReplica('B');
    await waitUntil(() => b.projector.status().stored > 0, () => `B has stored nothing since it joined: ${describeReplicas()}`);

    // A leaves (a replica scaled down): another rebalance gives B every partition.
    await a.app.close();
    expect(a.projector.status().running).toBe(false);
    const batchesOfB = b.projector.status().batches;
    const producedWhileA = produced.length;
    // More of the stream after A left: what lands in A's former partitions is B's alone to store.
    await waitUntil(
      () => produced.length >= producedWhileA + 300 && b.projector.status().batches > batchesOfB,
      () => `B handled no batches since A left: ${describeReplicas()}`,
    );

    producing = false;
    await stream;
    await producer.close();
    await waitForCommitted(broker.bootstrap, groupId, produced.length, describeReplicas);
    const statusA = a.projector.status();
    const statusB = b.projector.status();
    await b.app.close();

    expect(statusA.batches).toBeGreaterThan(0);
    expect(statusB.batches).toBeGreaterThan(0);
    expect(statusA.stored).toBeGreaterThan(0);
    expect(statusB.stored).toBeGreaterThan(0);
    expect(statusA.deadLettered + statusB.deadLettered).toBe(0);
    // Between them the replicas handled every event: stored it, or found it stored by the other. A batch A stored
    // but whose OCSF publish its shutdown cut short is not counted by A; B gets it again and counts it a duplicate.
    expect(statusA.stored + statusB.stored + statusA.duplicates + statusB.duplicates).toBeGreaterThanOrEqual(produced.length);

    const counts = await eventCounts(db, tenant);
    console.info(`replicas: ${produced.length} events; A ${JSON.stringify(statusA)}; B ${JSON.stringify(statusB)}; raw rows ${counts.raw}`);
    expect(counts).toMatchObject({ final: produced.length, unique: produced.length });
    expect(counts.raw).toBeGreaterThanOrEqual(produced.length);
    const ids = await db.query<{ id: string }>('SELECT id FROM events FINAL WHERE tenant = {tenant:String} ORDER BY id', { tenant });
    expect(ids.map((row) => row.id)).toEqual(produced.map((event) => event.id).sort());
    const [calls] = await db.query<{ n: string; sessions: string }>(
      'SELECT count() AS n, uniqExact(session_id) AS sessions FROM tool_calls FINAL WHERE tenant = {tenant:String}',
      { tenant },
    );
    expect({ calls: Number(calls!.n), sessions: Number(calls!.sessions) }).toEqual({
      calls: (produced.length / 10) * 4,
      sessions: produced.length / 10,
    });
  });
});
