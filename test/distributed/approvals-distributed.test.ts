import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { ensureTopics } from '@mcp-ledger/kafka';
import { as, connectThroughProxy } from '../approvals/approvals-helpers';
import { startApiProcess, startProjectorProcess, type ApiProcess, type ProjectorProcess } from '../support/app-process';
import { createTestKey, testAdminToken } from '../support/auth';
import { startClickHouseOverChdb } from '../support/clickhouse-over-chdb';
import { recordingLogger, tempDir, TOPICS_FILE } from '../support/distributed';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';
import { eventually } from '../proxy/proxy-helpers';

const POLICY = [
  'version: 1',
  'policy_version: "approvals-distributed-1"',
  'default: allow',
  'rules:',
  '  - id: deletes-need-approval',
  '    match: { tool: "delete_*" }',
  '    effect: require_approval',
  '    risk: high',
  '',
].join('\n');

interface Approval {
  id: string;
  status: string;
  decision: string | null;
  reviewer: string | null;
  comment: string | null;
  call: { arguments: Record<string, unknown>; status: string } | null;
}

const tenant = `approvals-dist-${uuidv7()}`;
const dir = tempDir('approvals-dist');
let broker: KafkaBroker;
let store: { url: string; close: () => Promise<void> };
let projector: ProjectorProcess;
let api: ApiProcess;
let otherApi: ApiProcess;
let readOnlyApi: ApiProcess;
let gateway: LedgerProcess;

beforeAll(async () => {
  broker = await startKafkaBroker();
  await ensureTopics(broker.bootstrap, TOPICS_FILE, { logger: recordingLogger() });
  store = await startClickHouseOverChdb(join(dir, 'store'));
  const clickhouse = { LEDGER_CLICKHOUSE_URL: store.url };
  // The projector applies the migrations before it reports ready.
  projector = await startProjectorProcess({ bootstrap: broker.bootstrap, dataDir: join(dir, 'unused-projector'), groupId: `approvals-${uuidv7()}`, env: clickhouse });
  const writing = { ...clickhouse, LEDGER_KAFKA_BROKERS: broker.bootstrap };
  api = await startApiProcess({ dataDir: join(dir, 'unused-api'), env: { ...writing, LEDGER_KAFKA_CLIENT_ID: 'api-1' } });
  otherApi = await startApiProcess({ dataDir: join(dir, 'unused-api-2'), env: { ...writing, LEDGER_KAFKA_CLIENT_ID: 'api-2' } });
  readOnlyApi = await startApiProcess({ dataDir: join(dir, 'unused-api-3'), env: clickhouse });
  gateway = await startLedgerProcess(join(dir, 'unused-gateway'), { LEDGER_MODE: 'gateway', LEDGER_KAFKA_BROKERS: broker.bootstrap });
});

afterAll(async () => {
  for (const app of [gateway, readOnlyApi, otherApi, api, projector]) await app?.stop();
  await store?.close();
  await broker?.dispose();
});

describe('approvals in the distributed mode: proxy → gateway → Kafka → projector, decided on the API', () => {
  it('holds a call until an approver decides on the API, whose decision goes through Kafka; one decision per approval across API replicas', async () => {
    const policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, POLICY);
    const serverLog = join(dir, 'server-saw.ndjson');
    writeFileSync(serverLog, '');
    const approverToken = await createTestKey(api.url, { name: 'dora-approver', roles: ['approver'], tenants: [tenant] });
    const otherApproverToken = await createTestKey(api.url, { name: 'omar-approver', roles: ['approver'], tenants: [tenant] });
    const approver = as(api.url, approverToken, tenant);
    const otherApprover = as(otherApi.url, otherApproverToken, tenant);
    const admin = as(api.url, testAdminToken(), tenant);

    // Events go to the gateway (no store); approvals are asked of the API.
    const { client, stderr } = await connectThroughProxy(
      ['--name', 'governed', '--url', gateway.url, '--approvals-url', api.url, '--tenant', tenant, '--spool-dir', join(dir, 'spool'), '--policy', policyFile, '--approval-timeout', '45'],
      { RECORDING_SERVER_LOG: serverLog, LEDGER_TOKEN: testAdminToken() },
    );
    const pendingOne = async (): Promise<Approval & { id: string }> =>
      eventually(async () => {
        const { pendingApprovals } = await approver.data<{ pendingApprovals: Approval[] }>('{ pendingApprovals { id status decision reviewer comment call { arguments status } } }');
        expect(pendingApprovals).toHaveLength(1);
        return pendingApprovals[0]!;
      }, 30_000);

    // 1. Held, then approved on the API: the proxy, polling the API, releases it.
    const held = client.callTool({ name: 'delete_repo', arguments: { repo: 'prod' } });
    const first = await pendingOne();
    const { decideApproval } = await approver.data<{ decideApproval: Approval }>(
      'mutation D($id: ID!) { decideApproval(id: $id, decision: APPROVE, comment: "ticket OPS-7") { id status decision reviewer comment } }',
      { id: first.id },
    );
    // Answered only once the projector wrote the decision: the answer is the read model's.
    expect(decideApproval).toMatchObject({ id: first.id, status: 'APPROVED', decision: 'approved', reviewer: 'key:dora-approver', comment: 'ticket OPS-7' });
    expect(await held).toEqual({ content: [{ type: 'text', text: 'deleted prod' }] });
    const again = await otherApprover.answer('mutation D($id: ID!) { decideApproval(id: $id, decision: REJECT) { id } }', { id: first.id });
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/already decided: approved by key:dora-approver/) });

    // 2. Two reviewers on two API replicas at once: one decision stands, and both answers name it.
    const raced = client.callTool({ name: 'delete_repo', arguments: { repo: 'staging' } });
    const second = await pendingOne();
    const [viaFirst, viaSecond] = await Promise.all([
      approver.answer<{ decideApproval: Approval }>('mutation D($id: ID!) { decideApproval(id: $id, decision: APPROVE, comment: "fine") { status reviewer } }', { id: second.id }),
      otherApprover.answer<{ decideApproval: Approval }>('mutation D($id: ID!) { decideApproval(id: $id, decision: REJECT, comment: "not staging") { status reviewer } }', { id: second.id }),
    ]);
    const answers = [viaFirst, viaSecond];
    const won = answers.filter((answer) => answer.data?.decideApproval);
    expect(won).toHaveLength(1);
    const winner = won[0]!.data!.decideApproval;
    const loser = answers.find((answer) => !answer.data?.decideApproval)!;
    expect(loser.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(loser.errors?.[0]?.message).toContain(`already decided: ${winner.status === 'APPROVED' ? 'approved' : 'denied'} by ${winner.reviewer}`);
    if (winner.status === 'APPROVED') {
      expect(winner.reviewer).toBe('key:dora-approver');
      expect(await raced).toEqual({ content: [{ type: 'text', text: 'deleted staging' }] });
    } else {
      expect(winner).toEqual({ status: 'DENIED', reviewer: 'key:omar-approver' });
      await expect(raced).rejects.toMatchObject({ code: -32002, message: expect.stringContaining('rejected by key:omar-approver: not staging') });
    }
    await client.close();

    // 3. An API without Kafka brokers stays read-only, and says so.
    const readOnly = await as(readOnlyApi.url, approverToken, tenant).answer('mutation D($id: ID!) { decideApproval(id: $id, decision: APPROVE) { id } }', { id: first.id });
    expect(readOnly.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/read-only.*LEDGER_KAFKA_BROKERS/) });

    // Everything is visible in the API's GraphQL with the reviewer, on the approval and on the call.
    await eventually(async () => {
      const { approvals } = await admin.data<{ approvals: Approval[] }>('{ approvals(filter: { toolName: "delete_repo" }) { id status reviewer comment call { arguments status } } }');
      expect(approvals.map((a) => [a.call?.arguments['repo'], a.status, a.reviewer])).toEqual([
        ['staging', winner.status, winner.reviewer],
        ['prod', 'APPROVED', 'key:dora-approver'],
      ]);
      const { toolCalls } = await admin.data<{ toolCalls: { edges: { node: { status: string; approval: { reviewer: string | null; comment: string | null } | null } }[] } }>(
        '{ toolCalls(order: ASC, filter: { serverName: "governed" }) { edges { node { status approval { reviewer comment } } } } }',
      );
      expect(toolCalls.edges.map((e) => [e.node.status, e.node.approval?.reviewer])).toEqual([
        ['OK', 'key:dora-approver'],
        [winner.status === 'APPROVED' ? 'OK' : 'FAILED', winner.reviewer],
      ]);
    }, 30_000);
    const saw = readFileSync(serverLog, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { arguments: { repo: string } }).arguments.repo);
    expect(saw).toEqual(winner.status === 'APPROVED' ? ['prod', 'staging'] : ['prod']);
    expect(stderr()).not.toMatch(/asking the ledger about approval .* failed/);
  });

  it('records the expiry of a call nobody decided through Kafka too, as expired by system', async () => {
    const expiryTenant = `${tenant}-expiry`;
    const policyFile = join(dir, 'policy.yaml');
    const { client } = await connectThroughProxy(
      ['--name', 'governed', '--url', gateway.url, '--approvals-url', api.url, '--tenant', expiryTenant, '--spool-dir', join(dir, 'spool-expiry'), '--policy', policyFile, '--approval-timeout', '4'],
      { RECORDING_SERVER_LOG: join(dir, 'expiry-server-saw.ndjson'), LEDGER_TOKEN: testAdminToken() },
    );
    await expect(client.callTool({ name: 'delete_repo', arguments: { repo: 'dev' } }, undefined, { timeout: 45_000 })).rejects.toMatchObject({
      code: -32003,
      message: expect.stringMatching(/held for approval .* nobody approved it/),
    });
    await client.close();
    const admin = as(api.url, testAdminToken(), expiryTenant);
    const { approvals } = await admin.data<{ approvals: Approval[] }>('{ approvals { status decision reviewer } }');
    // The expiry was answered after the projector wrote it: no wait needed here.
    expect(approvals).toEqual([{ status: 'EXPIRED', decision: 'expired', reviewer: 'system' }]);
  });
});
