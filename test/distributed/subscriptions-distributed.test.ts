import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { hashJson, type LedgerEvent } from '@mcp-ledger/events';
import { ensureTopics, IdempotentProducer } from '@mcp-ledger/kafka';
import { as, subscribe, wsClient, type Subscribed } from '../approvals/approvals-helpers';
import { startApiProcess, startProjectorProcess, type ApiProcess, type ProjectorProcess } from '../support/app-process';
import { createTestKey, testAdminToken } from '../support/auth';
import { startClickHouseOverChdb } from '../support/clickhouse-over-chdb';
import { produceEvents, recordingLogger, sleep, tempDir, TOPICS_FILE, waitForCommitted } from '../support/distributed';
import { sealSession } from '../support/event-factory';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';
import { eventually } from '../proxy/proxy-helpers';
import { sessionWithFinding } from '../siem/siem-support';

interface RaisedFinding {
  id: string;
  kind: string;
  sessionId: string;
}

const FINDING = 'subscription { findingRaised { id kind sessionId } }';

/** A call held for a reviewer, as the proxy records it (approval.requested in the MCP session). */
function heldCall(tenant: string, approvalId: string): LedgerEvent[] {
  const args = { repo: 'prod' };
  return sealSession(
    [
      { type: 'session.started', data: { 'mcp.protocol.version': '2025-06-18', client_info: { name: 'held-client', version: '1' } } },
      {
        type: 'approval.requested',
        data: {
          approval_id: approvalId,
          call_id: 'call-held',
          'gen_ai.tool.name': 'delete_repo',
          call_hash: hashJson(['delete_repo', args]),
          expires_at: new Date(Date.now() + 3_600_000).toISOString(),
          risk: 'high',
        },
      },
    ],
    { tenant, sessionId: `held-${uuidv7()}`, startMs: Date.now() },
  );
}

const tenantA = `subs-a-${uuidv7()}`;
const tenantB = `subs-b-${uuidv7()}`;
const dir = tempDir('subs-dist');
const logger = recordingLogger();
let broker: KafkaBroker;
let store: { url: string; close: () => Promise<void> };
let projector: ProjectorProcess | undefined;
let api: ApiProcess;
let readOnlyApi: ApiProcess;
const firstGroup = `subs-${uuidv7()}`;
const feeds: Subscribed<unknown>[] = [];

beforeAll(async () => {
  broker = await startKafkaBroker();
  await ensureTopics(broker.bootstrap, TOPICS_FILE, { logger });
  // Projector and API share one store while both run: the API reads back what the projector published.
  store = await startClickHouseOverChdb(join(dir, 'store'));
  const clickhouse = { LEDGER_CLICKHOUSE_URL: store.url };
  projector = await startProjectorProcess({ bootstrap: broker.bootstrap, dataDir: join(dir, 'unused-projector'), groupId: firstGroup, env: clickhouse });
  api = await startApiProcess({ dataDir: join(dir, 'unused-api'), env: { ...clickhouse, LEDGER_KAFKA_BROKERS: broker.bootstrap, LEDGER_KAFKA_CLIENT_ID: 'subs-api' } });
  readOnlyApi = await startApiProcess({ dataDir: join(dir, 'unused-api-2'), env: clickhouse });
});

afterAll(async () => {
  await Promise.all(feeds.map((feed) => feed.close()));
  for (const app of [readOnlyApi, api, projector]) await app?.stop();
  await store?.close();
  await broker?.dispose();
});

describe('subscriptions on the distributed API: projector → OCSF topic → API live tail → graphql-ws', () => {
  it("delivers each of a tenant's new findings once to that tenant's subscribers only, also across a full redelivery of the topic", async () => {
    const tokenA = await createTestKey(api.url, { name: 'ana-approver', roles: ['approver'], tenants: [tenantA] });
    const tokenB = await createTestKey(api.url, { name: 'ben-viewer', roles: ['viewer'], tenants: [tenantB] });
    const findingsA = subscribe<RaisedFinding>(wsClient(api.url, { authorization: `Bearer ${tokenA}` }), FINDING, 'findingRaised');
    const approvalsA = subscribe<{ id: string; toolName: string; status: string }>(
      wsClient(api.url, { authorization: `Bearer ${tokenA}` }),
      'subscription { approvalRequested { id toolName status } }',
      'approvalRequested',
    );
    const findingsB = subscribe<RaisedFinding>(wsClient(api.url, { authorization: `Bearer ${tokenB}` }), FINDING, 'findingRaised');
    const anonymous = subscribe<RaisedFinding>(wsClient(api.url, undefined), FINDING, 'findingRaised');
    const forged = subscribe<RaisedFinding>(wsClient(api.url, { authorization: 'Bearer not-a-key' }), FINDING, 'findingRaised');
    feeds.push(findingsA, approvalsA, findingsB, anonymous, forged);
    // graphql-ws subscribes once the socket is acknowledged: wait for that, then leave the server a moment to register it.
    await Promise.all([findingsA, approvalsA, findingsB].map((feed) => feed.acknowledged()));
    await sleep(500);

    const approvalId = `ap-${uuidv7()}`;
    const sessionA = `a-${uuidv7()}`;
    const sessionB = `b-${uuidv7()}`;
    const producer = new IdempotentProducer({ bootstrap: broker.bootstrap, clientId: 'subs-test', logger });
    const sent = [...sessionWithFinding(tenantA, sessionA, 2, Date.now()), ...sessionWithFinding(tenantB, sessionB, 2, Date.now()), ...heldCall(tenantA, approvalId)];
    await produceEvents(producer, sent);
    await producer.close();

    // What the store holds for A, through the API's own queries, once the projector committed every event
    // (session A raises two findings, egress and an unapproved high-risk call, written at different moments:
    // reading earlier could see one and then count the second notice as a duplicate).
    await waitForCommitted(broker.bootstrap, firstGroup, sent.length, () => projector!.output());
    const storedA = await eventually(async () => {
      const { findings } = await as(api.url, testAdminToken(), tenantA).data<{ findings: { edges: { node: RaisedFinding }[] } }>(
        '{ findings { edges { node { id kind sessionId } } } }',
      );
      expect(findings.edges.length).toBeGreaterThan(0);
      return findings.edges.map((edge) => edge.node);
    }, 60_000);
    expect(storedA.map((finding) => finding.kind)).toContain('sensitive_data_egress');

    await eventually(async () => {
      expect(findingsA.received).toHaveLength(storedA.length);
      expect(findingsB.received.length).toBeGreaterThan(0);
      expect(approvalsA.received).toEqual([{ id: approvalId, toolName: 'delete_repo', status: 'PENDING' }]);
    }, 60_000);
    expect(new Set(findingsA.received)).toEqual(new Set(storedA));
    expect(findingsA.received.every((finding) => finding.sessionId === sessionA)).toBe(true);
    expect(findingsB.received.every((finding) => finding.sessionId === sessionB)).toBe(true);

    // A projector of a new group replays the events topic from offset 0 and publishes every record again.
    await projector!.stop();
    const replayGroup = `subs-replay-${uuidv7()}`;
    projector = await startProjectorProcess({ bootstrap: broker.bootstrap, dataDir: join(dir, 'unused-projector-2'), groupId: replayGroup, env: { LEDGER_CLICKHOUSE_URL: store.url } });
    // It commits after publishing; then the API's tail gets a moment to read the republished records.
    await waitForCommitted(broker.bootstrap, replayGroup, sent.length, () => projector!.output());
    await sleep(3_000);

    expect(findingsA.received).toHaveLength(storedA.length);
    expect(new Set(findingsA.received.map((finding) => finding.id)).size).toBe(storedA.length);
    expect(approvalsA.received).toHaveLength(1);
    expect(findingsA.errors).toEqual([]);
    expect(anonymous.received).toEqual([]);
    expect(anonymous.errors.length).toBeGreaterThan(0);
    expect(forged.received).toEqual([]);
    expect(forged.errors.length).toBeGreaterThan(0);
    expect(api.output()).not.toMatch(/not delivered/);
  });

  it('an API without Kafka brokers refuses a subscription and says why', async () => {
    const token = await createTestKey(readOnlyApi.url, { name: 'cara-viewer', roles: ['viewer'], tenants: [tenantA] });
    const refused = subscribe<RaisedFinding>(wsClient(readOnlyApi.url, { authorization: `Bearer ${token}` }), FINDING, 'findingRaised');
    feeds.push(refused);
    await eventually(async () => expect(JSON.stringify(refused.errors)).toMatch(/no subscriptions.*LEDGER_KAFKA_BROKERS/), 10_000);
    expect(refused.received).toEqual([]);
  });
});
