import { TOPICS } from '@mcp-ledger/events';
import {
  BatchConsumer,
  DeadLetterProducer,
  ensureTopics,
  IdempotentProducer,
  loadTopicsFile,
  readCommittedOffsets,
  readDeadLetter,
  type ConsumedMessage,
} from '@mcp-ledger/kafka';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';
import { consumeAll, range, recordingLogger, seqsBySession, sessionIds, TOPICS_FILE, waitFor } from './kafka-test.support';

describe('libs/kafka against a real broker: topics, round trip, dead letters', () => {
  const logger = recordingLogger();
  let broker: KafkaBroker;
  let producer: IdempotentProducer;

  beforeAll(async () => {
    broker = await startKafkaBroker();
    producer = new IdempotentProducer({ bootstrap: broker.bootstrap, clientId: 'test-producer', logger });
  });

  afterAll(async () => {
    await producer?.close();
    await broker?.dispose();
  });

  it('creates every topic of deploy/kafka/topics.json, with its partitions and settings, once', async () => {
    const declared = loadTopicsFile(TOPICS_FILE).topics.map(({ name }) => name);
    expect(declared).toEqual(expect.arrayContaining(Object.values(TOPICS)));

    const first = await ensureTopics(broker.bootstrap, TOPICS_FILE, { logger });
    expect(first.created.sort()).toEqual([...declared].sort());

    // The second run finds them all, and the cluster matches the file exactly.
    const second = await ensureTopics(broker.bootstrap, TOPICS_FILE, { logger });
    expect(second).toEqual({ created: [], existing: declared, drift: [] });
  });

  it('delivers events keyed by session id in order per session, each session on one partition', async () => {
    const sessions = sessionIds(20);
    const perSession = 50;
    // Interleaved across sessions, as concurrent agents would produce them.
    await producer.sendMany(
      range(perSession).flatMap((seq) =>
        sessions.map((session) => ({ topic: TOPICS.events, key: session, value: JSON.stringify({ session, seq }) })),
      ),
    );

    const mine = new Set(sessions);
    const received = await consumeAll({
      bootstrap: broker.bootstrap,
      topic: TOPICS.events,
      count: sessions.length * perSession,
      keep: (message) => mine.has(message.key?.toString() ?? ''),
      logger,
    });

    const bySession = seqsBySession(received);
    for (const session of sessions) expect(bySession.get(session)).toEqual(range(perSession));
    for (const session of sessions) {
      const partitions = new Set(received.filter((m) => m.key?.toString() === session).map((m) => m.partition));
      expect(partitions.size).toBe(1);
    }
    expect(new Set(received.map((m) => m.partition)).size).toBeGreaterThan(1);
  });

  it('commits a batch only after its handler resolved', async () => {
    const [session] = sessionIds(1) as [string];
    await producer.sendMany(range(10).map((seq) => ({ topic: TOPICS.events, key: session, value: JSON.stringify({ session, seq }) })));

    const groupId = `gated-${randomUUID()}`;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let seen: ConsumedMessage | undefined;
    const consumer = new BatchConsumer({
      bootstrap: broker.bootstrap,
      clientId: 'gated',
      groupId,
      topics: [TOPICS.events],
      shutdownSignals: false,
      logger,
      handler: async ({ messages }) => {
        const mine = messages.find((m) => m.key?.toString() === session);
        if (mine && !seen) {
          seen = mine;
          await gate;
        }
      },
    });
    await consumer.start();
    try {
      await waitFor(() => seen !== undefined, () => 'the gated batch never arrived');
      const partition = seen!.partition;
      // Long enough for several heartbeats and any auto-commit interval.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const whileRunning = await readCommittedOffsets(broker.bootstrap, groupId, TOPICS.events, { logger });
      expect(whileRunning.find((o) => o.partition === partition)?.offset).toBe('-1');

      release();
      let committedAfter: string | undefined;
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const offsets = await readCommittedOffsets(broker.bootstrap, groupId, TOPICS.events, { logger });
        committedAfter = offsets.find((o) => o.partition === partition)?.offset;
        if (committedAfter !== undefined && BigInt(committedAfter) > BigInt(seen!.offset)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(BigInt(committedAfter ?? '-1')).toBeGreaterThan(BigInt(seen!.offset));
    } finally {
      release();
      await consumer.stop();
    }
  });

  it('dead-letters a poison message with its original bytes and headers, the reason and the source offset', async () => {
    const [session] = sessionIds(1) as [string];
    const poison = Buffer.from([0xff, 0x00, 0x7b, 0x6e, 0x6f, 0x74, 0x20, 0x6a, 0x73, 0x6f, 0x6e]);
    await producer.send({ topic: TOPICS.events, key: session, value: JSON.stringify({ session, seq: 0 }) });
    await producer.send({ topic: TOPICS.events, key: session, value: poison, headers: { 'x-origin': 'test-emitter' } });
    await producer.send({ topic: TOPICS.events, key: session, value: JSON.stringify({ session, seq: 1 }) });

    const dlqProducer = new IdempotentProducer({ bootstrap: broker.bootstrap, clientId: 'test-dlq', logger });
    const deadLetters = new DeadLetterProducer(dlqProducer);
    const stored: number[] = [];
    const poisoned: ConsumedMessage[] = [];
    const consumer = new BatchConsumer({
      bootstrap: broker.bootstrap,
      clientId: 'projector',
      groupId: `projector-${randomUUID()}`,
      topics: [TOPICS.events],
      shutdownSignals: false,
      logger,
      handler: async ({ messages }) => {
        for (const message of messages.filter((m) => m.key?.toString() === session)) {
          try {
            stored.push((JSON.parse(message.value.toString('utf8')) as { seq: number }).seq);
          } catch (error) {
            poisoned.push(message);
            await deadLetters.publish(message, `not JSON: ${(error as Error).message}`);
          }
        }
      },
    });
    await consumer.start();
    try {
      await waitFor(() => stored.length === 2 && poisoned.length === 1, () => `stored ${stored}, poisoned ${poisoned.length}`);
    } finally {
      await consumer.stop();
      await dlqProducer.close();
    }
    expect(stored).toEqual([0, 1]);

    const [letter] = await consumeAll({ bootstrap: broker.bootstrap, topic: TOPICS.deadLetter, count: 1, logger });
    expect(letter!.value.equals(poison)).toBe(true);
    expect(letter!.key?.toString()).toBe(session);
    expect(letter!.headers['x-origin']?.toString()).toBe('test-emitter');
    expect(readDeadLetter(letter!)).toMatchObject({
      reason: expect.stringMatching(/^not JSON: /),
      sourceTopic: TOPICS.events,
      sourcePartition: poisoned[0]!.partition,
      sourceOffset: poisoned[0]!.offset,
    });
  });
});
