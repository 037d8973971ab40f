import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { ensureTopics, IdempotentProducer } from '@mcp-ledger/kafka';
import { startApiProcess, startProjectorProcess, type ApiProcess, type ProjectorProcess } from '../support/app-process';
import {
  allToolCalls,
  committedMessages,
  eventCounts,
  produceEvents,
  recordingLogger,
  sleep,
  tempDir,
  tenEventSession,
  TOPICS_FILE,
  waitForCommitted,
  waitUntil,
  withDatabase,
} from '../support/distributed';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';

describe('projector process killed (SIGKILL) in the middle of a stream, then restarted', () => {
  const logger = recordingLogger();
  let broker: KafkaBroker;
  const running: (ProjectorProcess | ApiProcess)[] = [];

  beforeAll(async () => {
    broker = await startKafkaBroker();
    await ensureTopics(broker.bootstrap, TOPICS_FILE, { logger });
  });

  afterAll(async () => {
    for (const app of running) await app.kill();
    await broker?.dispose();
  });

  it('stores every event exactly once and every tool call once', async () => {
    const tenant = `crash-${uuidv7()}`;
    const sessions = Array.from({ length: 200 }, (_, index) => tenEventSession(tenant, index));
    const total = sessions.length * 10;
    const dataDir = tempDir('crash-data');
    const groupId = `crash-${uuidv7()}`;

    const first = await startProjectorProcess({ bootstrap: broker.bootstrap, dataDir, groupId });
    running.push(first);

    // Emitters produce one session's batch after another while the projector consumes.
    const producer = new IdempotentProducer({ bootstrap: broker.bootstrap, clientId: 'crash-producer', logger });
    let produced = 0;
    const producing = (async () => {
      for (const session of sessions) {
        await produceEvents(producer, session);
        produced += session.length;
        await sleep(10);
      }
    })();

    let storedAtKill = 0;
    await waitUntil(
      async () => (storedAtKill = (await first.status()).stored) >= 200,
      () => `the first projector stored ${storedAtKill} events\n${first.output()}`,
    );
    await first.kill();
    const committedAtKill = await committedMessages(broker.bootstrap, groupId);
    // Partial progress: the kill hit a projector that had stored some of the stream, not all.
    expect(storedAtKill).toBeGreaterThan(0);
    expect(storedAtKill).toBeLessThan(total);
    expect(committedAtKill).toBeLessThan(total);

    // The stream goes on while no projector runs; the restarted one resumes from the committed offsets.
    const second = await startProjectorProcess({ bootstrap: broker.bootstrap, dataDir, groupId });
    running.push(second);
    await producing;
    await producer.close();
    expect(produced).toBe(total);
    await waitForCommitted(broker.bootstrap, groupId, total, second.output, 120_000);
    const after = await second.status();
    expect(after).toMatchObject({ running: true, deadLettered: 0 });
    // Whatever the dead process stored but had not committed came again and was recognised.
    expect(after.stored + after.duplicates).toBeGreaterThanOrEqual(total - committedAtKill);
    await second.stop();
    console.info(`projector crash: killed after ${storedAtKill} stored, ${committedAtKill} committed; restarted one: ${JSON.stringify(after)}`);

    const api = await startApiProcess({ dataDir });
    running.push(api);
    const calls = await allToolCalls(api.url, tenant);
    await api.stop();
    const expected = sessions.flatMap((events, s) =>
      [0, 1, 2, 3].map((call) => `${events[0]!.session_id}/call-${call} ${JSON.stringify({ text: `session ${s} call ${call}` })} OK`),
    );
    const listed = calls.map((c) => `${c.sessionId}/${c.callId} ${JSON.stringify(c.arguments)} ${c.status}`);
    expect(listed).toHaveLength(expected.length);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.sort()).toEqual(expected.sort());

    await withDatabase(dataDir, async (db) => {
      const counts = await eventCounts(db, tenant);
      expect(counts).toMatchObject({ final: total, unique: total });
      expect(counts.raw).toBeGreaterThanOrEqual(total);
      const ids = await db.query<{ id: string }>('SELECT id FROM events FINAL WHERE tenant = {tenant:String} ORDER BY id', { tenant });
      expect(ids.map((row) => row.id)).toEqual(sessions.flat().map((event) => event.id).sort());
      const [calls] = await db.query<{ n: string }>('SELECT count() AS n FROM tool_calls FINAL WHERE tenant = {tenant:String}', { tenant });
      expect(Number(calls!.n)).toBe(sessions.length * 4);
    });
  });
});
