import { TOPICS } from '@mcp-ledger/events';
import { BatchConsumer, ensureTopics, IdempotentProducer, type ConsumedMessage } from '@mcp-ledger/kafka';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';
import { range, recordingLogger, seqsBySession, sessionIds, TOPICS_FILE, waitFor } from './kafka-test.support';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('broker stopped while producers keep producing, then restarted', () => {
  const logger = recordingLogger();
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await startKafkaBroker();
    await ensureTopics(broker.bootstrap, TOPICS_FILE, { logger });
  });

  afterAll(async () => {
    await broker?.dispose();
  });

  it('loses nothing and keeps per-session order, for the producer and a consumer running throughout', async () => {
    const sessions = sessionIds(6);
    const producer = new IdempotentProducer({ bootstrap: broker.bootstrap, clientId: 'outage-producer', logger });
    const stored: ConsumedMessage[] = [];
    const consumer = new BatchConsumer({
      bootstrap: broker.bootstrap,
      clientId: 'outage-projector',
      groupId: `outage-${randomUUID()}`,
      topics: [TOPICS.events],
      shutdownSignals: false,
      restartBackoffMs: { initial: 200, max: 2_000 },
      logger,
      handler: async ({ messages }) => {
        stored.push(...messages);
      },
    });
    await consumer.start();

    // Emitters do not wait for acknowledgements before the next event: fire, keep the promise.
    const acknowledgements: Promise<void>[] = [];
    let seq = 0;
    let producing = true;
    const producerLoop = (async () => {
      while (producing) {
        for (const session of sessions) {
          acknowledgements.push(producer.send({ topic: TOPICS.events, key: session, value: JSON.stringify({ session, seq }) }));
        }
        seq += 1;
        await sleep(10);
      }
    })();

    await sleep(1_000);
    await broker.stop();
    const sentBeforeOutage = seq;
    await sleep(3_000);
    await broker.restart();
    await sleep(1_000);
    producing = false;
    await producerLoop;
    const perSession = seq;
    expect(perSession).toBeGreaterThan(sentBeforeOutage + 100);

    await Promise.all(acknowledgements);
    await producer.close();
    try {
      await waitFor(
        () => new Set(stored.map((m) => `${m.partition}:${m.offset}`)).size >= sessions.length * perSession,
        () => `${stored.length} of ${sessions.length * perSession} consumed`,
        90_000,
      );
    } finally {
      await consumer.stop();
    }

    const bySession = seqsBySession(stored);
    for (const session of sessions) {
      const seqs = bySession.get(session) ?? [];
      // A consumer restarted by the outage may see a batch again (at-least-once);
      // first deliveries must be complete and in order.
      expect(seqs.filter((value, index) => seqs.indexOf(value) === index)).toEqual(range(perSession));
    }
    // The outage really happened to in-flight sends, and idempotence stored each retried batch once in the log.
    expect(logger.lines.some((line) => line.includes('batch delivered after retries'))).toBe(true);
    const offsetsByValue = new Map<string, Set<string>>();
    for (const m of stored) {
      const offsets = offsetsByValue.get(m.value.toString()) ?? new Set<string>();
      offsetsByValue.set(m.value.toString(), offsets.add(`${m.partition}:${m.offset}`));
    }
    expect([...offsetsByValue.values()].filter((offsets) => offsets.size > 1)).toEqual([]);
  });
});
