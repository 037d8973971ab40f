import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { TOPICS } from '@mcp-ledger/events';
import { ensureTopics } from '@mcp-ledger/kafka';
import { postEvents, sessionWithCalls, toNdjson } from '../support/event-factory';
import { readTopic, recordingLogger, tempDir, TOPICS_FILE } from '../support/distributed';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';

let broker: KafkaBroker;
let gateway: LedgerProcess;

beforeAll(async () => {
  broker = await startKafkaBroker();
  await ensureTopics(broker.bootstrap, TOPICS_FILE);
  gateway = await startLedgerProcess(tempDir('mcp-ledger-gateway-'), {
    LEDGER_MODE: 'gateway',
    LEDGER_KAFKA_BROKERS: broker.bootstrap,
  });
});
afterAll(async () => {
  await gateway?.stop();
  await broker?.dispose();
});

describe('HTTP ingest in gateway mode', () => {
  it('validates, then produces each accepted event to the events topic keyed by its session', async () => {
    const tenant = `gw-${uuidv7()}`;
    const events = sessionWithCalls(5, { tenant });
    const answer = await postEvents(gateway.url, toNdjson(events));
    expect(answer).toEqual({ status: 202, body: { accepted: events.length, duplicates: 0 } });

    const ids = new Set(events.map((e) => e.id));
    const received = await readTopic({
      bootstrap: broker.bootstrap,
      topic: TOPICS.events,
      logger: recordingLogger(),
      done: (messages) => messages.filter((m) => ids.has(JSON.parse(m.value.toString()).id)).length === events.length,
    });
    const ours = received.filter((m) => ids.has(JSON.parse(m.value.toString()).id));
    expect(ours.map((m) => m.key?.toString())).toEqual(events.map((e) => e.session_id));
    expect(ours.map((m) => JSON.parse(m.value.toString()).seq)).toEqual(events.map((e) => e.seq));
    expect(new Set(ours.map((m) => m.partition)).size).toBe(1);
  });

  it('refuses bad input with the same answer as the embedded ledger, producing nothing', async () => {
    const answer = await postEvents(gateway.url, '{"specversion": "1.0", "type": "nope"}');
    expect(answer.status).toBe(400);
    expect(answer.body['error']).toBe('invalid_batch');
    const health = await fetch(`${gateway.url}/healthz`);
    expect(((await health.json()) as { store: string }).store).toContain(TOPICS.events);
  });
});
