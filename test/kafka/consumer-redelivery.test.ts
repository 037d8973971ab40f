import { TOPICS } from '@mcp-ledger/events';
import { BatchConsumer, ensureTopics, IdempotentProducer, type ConsumedMessage } from '@mcp-ledger/kafka';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';
import { range, recordingLogger, seqsBySession, sessionIds, TOPICS_FILE, waitFor } from './kafka-test.support';

describe('BatchConsumer: a failing handler never skips messages', () => {
  const logger = recordingLogger();
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await startKafkaBroker();
    await ensureTopics(broker.bootstrap, TOPICS_FILE, { logger });
  });

  afterAll(async () => {
    await broker?.dispose();
  });

  it('gets the same messages again after the handler threw, and stores every message once', async () => {
    const sessions = sessionIds(8);
    const perSession = 40;
    const producer = new IdempotentProducer({ bootstrap: broker.bootstrap, clientId: 'redelivery-producer', logger });
    await producer.sendMany(
      range(perSession).flatMap((seq) =>
        sessions.map((session) => ({ topic: TOPICS.events, key: session, value: JSON.stringify({ session, seq }) })),
      ),
    );
    await producer.close();

    let failedBatch: readonly ConsumedMessage[] | undefined;
    const stored: ConsumedMessage[] = [];
    const crashes: string[] = [];
    const consumer = new BatchConsumer({
      bootstrap: broker.bootstrap,
      clientId: 'flaky-projector',
      groupId: `flaky-${randomUUID()}`,
      topics: [TOPICS.events],
      shutdownSignals: false,
      restartBackoffMs: { initial: 200, max: 1_000 },
      onCrash: (error) => crashes.push(error.message),
      logger,
      handler: async ({ messages }) => {
        if (!failedBatch) {
          // The write "fails" (say ClickHouse is briefly unreachable) on first delivery.
          failedBatch = messages;
          throw new Error('insert failed');
        }
        stored.push(...messages);
      },
    });
    await consumer.start();
    try {
      await waitFor(
        () => stored.length >= sessions.length * perSession,
        () => `${stored.length} of ${sessions.length * perSession} stored; crashes ${crashes}`,
      );
    } finally {
      await consumer.stop();
    }

    // A fresh broker may also answer "coordinator is loading" to the first join: that crash restarts too.
    expect(crashes.filter((message) => message === 'insert failed')).toHaveLength(1);
    expect(consumer.crashes).toBe(crashes.length);
    const storedAt = new Set(stored.map((m) => `${m.partition}:${m.offset}`));
    expect(failedBatch!.length).toBeGreaterThan(0);
    for (const message of failedBatch!) expect(storedAt.has(`${message.partition}:${message.offset}`)).toBe(true);
    // Nothing skipped, nothing stored twice (offsets of handled batches were committed), order per session kept.
    expect(storedAt.size).toBe(stored.length);
    const bySession = seqsBySession(stored);
    for (const session of sessions) expect(bySession.get(session)).toEqual(range(perSession));
  });

  it('a new member of the group resumes after the last batch a stopped member handled', async () => {
    const [session] = sessionIds(1) as [string];
    const producer = new IdempotentProducer({ bootstrap: broker.bootstrap, clientId: 'resume-producer', logger });
    const send = (seqs: number[]) =>
      producer.sendMany(seqs.map((seq) => ({ topic: TOPICS.events, key: session, value: JSON.stringify({ session, seq }) })));
    const groupId = `resume-${randomUUID()}`;
    const runMember = async (expected: number[]) => {
      const seen: number[] = [];
      const member = new BatchConsumer({
        bootstrap: broker.bootstrap,
        clientId: 'member',
        groupId,
        topics: [TOPICS.events],
        shutdownSignals: false,
        logger,
        handler: async ({ messages }) => {
          for (const m of messages) if (m.key?.toString() === session) seen.push(seqsBySession([m]).get(session)![0]!);
        },
      });
      await member.start();
      try {
        await waitFor(() => seen.length >= expected.length, () => `member saw ${seen}`);
      } finally {
        await member.stop();
      }
      return seen;
    };

    await send(range(5));
    expect(await runMember(range(5))).toEqual(range(5));
    await send([5, 6, 7]);
    expect(await runMember([5, 6, 7])).toEqual([5, 6, 7]);
    await producer.close();
  });
});
