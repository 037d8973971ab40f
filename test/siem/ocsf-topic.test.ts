import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { TOPICS, type LedgerEvent } from '@mcp-ledger/events';
import { ensureTopics, IdempotentProducer, type ConsumedMessage } from '@mcp-ledger/kafka';
import { startProjectorProcess, type ProjectorProcess } from '../support/app-process';
import { produceEvents, readTopic, recordingLogger, tempDir, tenEventSession, TOPICS_FILE } from '../support/distributed';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';
import { checkOcsfChains } from './ocsf-chain.verifier';
import { duplicates, ocsf19Errors, ocsfErrors, sessionWithFinding, type OcsfRecord } from './siem-support';

/** A SIEM-side consumer: reads the OCSF topic, validates every record, dedupes on metadata.uid. */
function asSiem(messages: readonly ConsumedMessage[], tenant: string) {
  const records = messages.map((message) => JSON.parse(message.value.toString('utf8')) as OcsfRecord).filter((r) => r.metadata.tenant_uid === tenant);
  const unique = new Map(records.map((record) => [record.metadata.uid, record]));
  const ofClass = (classUid: number) => [...unique.values()].filter((record) => record.class_uid === classUid).map((record) => record.metadata.uid);
  return { records, events: ofClass(6003), findings: ofClass(2004) };
}

describe('OCSF topic: projector → mcp-ledger.ocsf.v1 → a SIEM consumer', () => {
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

  it('delivers every event once after dedupe on metadata.uid, with its findings, all valid OCSF — also across a full redelivery', async () => {
    const tenant = `siem-topic-${uuidv7()}`;
    const dataDir = tempDir('siem-topic');
    const sent: LedgerEvent[] = [...sessionWithFinding(tenant, `f-${uuidv7()}`), ...tenEventSession(tenant, 1), ...tenEventSession(tenant, 2)];
    const sentIds = new Set(sent.map((event) => event.id));

    const first = await startProjectorProcess({ bootstrap: broker.bootstrap, dataDir, groupId: `siem-${uuidv7()}` });
    running.push(first);
    const producer = new IdempotentProducer({ bootstrap: broker.bootstrap, clientId: 'siem-test', logger });
    await produceEvents(producer, sent);
    await producer.close();

    const covered = (messages: readonly ConsumedMessage[]) => {
      const seen = asSiem(messages, tenant);
      return seen.events.length === sentIds.size && seen.findings.length > 0;
    };
    const once = asSiem(await readTopic({ bootstrap: broker.bootstrap, topic: TOPICS.ocsf, logger, done: covered }), tenant);
    expect(once.records.map(ocsfErrors).filter(Boolean)).toEqual([]);
    expect(new Set(once.events)).toEqual(sentIds);
    expect(once.records.filter((r) => r.class_uid === 2004).map((r) => r.finding_info!.types[0])).toContain('sensitive_data_egress');

    // A projector with a new group replays the events topic from offset 0: every event is redelivered and published again.
    await first.stop();
    const second = await startProjectorProcess({ bootstrap: broker.bootstrap, dataDir, groupId: `siem-replay-${uuidv7()}` });
    running.push(second);
    const redelivered = (messages: readonly ConsumedMessage[]) => {
      const seen = asSiem(messages, tenant);
      return seen.records.filter((r) => r.class_uid === 6003).length >= 2 * sentIds.size;
    };
    const twice = asSiem(await readTopic({ bootstrap: broker.bootstrap, topic: TOPICS.ocsf, logger, done: redelivered }), tenant);
    expect(duplicates(twice.records.filter((r) => r.class_uid === 6003).map((r) => r.metadata.uid)).length).toBe(sentIds.size);
    expect(twice.records.map(ocsfErrors).filter(Boolean)).toEqual([]);
    expect(new Set(twice.events)).toEqual(sentIds);
    expect(new Set(twice.findings)).toEqual(new Set(once.findings));
    // Same event, same record: a redelivery is byte-identical, so dedupe loses nothing.
    const byUid = new Map<string, string>();
    for (const record of twice.records) {
      const text = JSON.stringify(record);
      expect(byUid.get(record.metadata.uid) ?? text).toBe(text);
      byUid.set(record.metadata.uid, text);
    }
    await second.stop(); // the next test's events are for a projector of its own
  });

  it('with LEDGER_OCSF_VERSION=1.9.0-dev publishes 1.9 records whose record_integrity links rebuild each session in order', async () => {
    const tenant = `siem-topic-19-${uuidv7()}`;
    const sent: LedgerEvent[] = [...sessionWithFinding(tenant, `f-${uuidv7()}`), ...tenEventSession(tenant, 1), ...tenEventSession(tenant, 2)];
    const projector = await startProjectorProcess({
      bootstrap: broker.bootstrap,
      dataDir: tempDir('siem-topic-19'),
      groupId: `siem-19-${uuidv7()}`,
      env: { LEDGER_OCSF_VERSION: '1.9.0-dev' },
    });
    running.push(projector);
    const producer = new IdempotentProducer({ bootstrap: broker.bootstrap, clientId: 'siem-test-19', logger });
    await produceEvents(producer, sent);
    await producer.close();

    const seen = asSiem(
      await readTopic({ bootstrap: broker.bootstrap, topic: TOPICS.ocsf, logger, done: (messages) => asSiem(messages, tenant).events.length === sent.length }),
      tenant,
    );
    expect(seen.records.map(ocsf19Errors).filter(Boolean)).toEqual([]);
    expect(seen.records.every((record) => (record.metadata as { version?: string }).version === '1.9.0-dev')).toBe(true);
    // At-least-once: a SIEM dedupes on metadata.uid before it follows the links.
    const { chains, problems } = checkOcsfChains([...new Map(seen.records.map((record) => [record.metadata.uid, record])).values()]);
    expect(problems).toEqual([]);
    // Each session's chain, followed from its first record, is the order the emitter sealed.
    const sealedOrder = new Map<string, string[]>();
    for (const event of sent) sealedOrder.set(`${tenant}/${event.session_id}`, [...(sealedOrder.get(`${tenant}/${event.session_id}`) ?? []), event.id]);
    expect(chains).toEqual(sealedOrder);
  });
});
