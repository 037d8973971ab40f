import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKey, testAdminToken } from '../support/auth';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';
import { eventually } from '../proxy/proxy-helpers';
import { as, connectThroughProxy, subscribe, wsClient } from './approvals-helpers';

const dir = mkdtempSync(join(tmpdir(), 'mcp-ledger-approvals-'));
const tenant = `approvals-${Date.now()}`;
let ledger: LedgerProcess;
let approverToken: string;
let viewerToken: string;

const POLICY = [
  'version: 1',
  'policy_version: "approvals-test-1"',
  'default: deny',
  'rules:',
  '  - id: echo-allowed',
  '    match: { tool: echo }',
  '    effect: allow',
  '  - id: mail-to-our-domain',
  '    match: { tool: send_email }',
  '    effect: allow',
  '    require:',
  '      args:',
  '        to: { pattern: "@acme\\\\.example$" }',
  '  - id: deletes-need-approval',
  '    match: { tool: "delete_*" }',
  '    effect: require_approval',
  '    risk: high',
  '',
].join('\n');

interface Approval {
  id: string;
  status: string;
  toolName: string;
  callHash: string;
  reviewer: string | null;
  decision: string | null;
  comment: string | null;
  decidedAt: string | null;
  expiresAt: string;
  call: { arguments: Record<string, unknown>; status: string } | null;
}
const APPROVAL_FIELDS = 'id status toolName callHash reviewer decision comment decidedAt expiresAt call { arguments status }';

beforeAll(async () => {
  ledger = await startLedgerProcess(join(dir, 'ledger'));
  approverToken = await createTestKey(ledger.url, { name: 'alice-approver', roles: ['approver'], tenants: [tenant] });
  viewerToken = await createTestKey(ledger.url, { name: 'victor-viewer', roles: ['viewer'], tenants: [tenant] });
});
afterAll(async () => ledger?.stop());

describe('approvals: held calls through mcp-ledger proxy (stdio), decided in GraphQL', () => {
  it('allows, denies, holds for approval, releases on the approver’s decision, refuses a rejected or expired call — all in GraphQL with the reviewer', async () => {
    const policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, POLICY);
    const serverLog = join(dir, 'server-saw.ndjson');
    writeFileSync(serverLog, '');
    const approver = as(ledger.url, approverToken, tenant);
    // Arguments come back in full to an analyst or admin only (approvers see metadata).
    const admin = as(ledger.url, testAdminToken(), tenant);
    const viewer = as(ledger.url, viewerToken, tenant);

    // Live feeds as the approver; a connection without a token is refused.
    const approvals = subscribe<{ id: string; toolName: string; status: string }>(
      wsClient(ledger.url, { authorization: `Bearer ${approverToken}` }),
      'subscription { approvalRequested { id toolName status } }',
      'approvalRequested',
    );
    const findings = subscribe<{ kind: string; severity: string; callId: string | null }>(
      wsClient(ledger.url, { authorization: `Bearer ${approverToken}` }),
      'subscription { findingRaised { kind severity callId } }',
      'findingRaised',
    );
    const anonymous = subscribe(wsClient(ledger.url, undefined), 'subscription { findingRaised { kind } }', 'findingRaised');
    // An other tenant's subscriber sees none of it.
    const otherToken = await createTestKey(ledger.url, { name: 'other-approver', roles: ['approver'], tenants: ['someone-else'] });
    const otherFeed = subscribe(wsClient(ledger.url, { authorization: `Bearer ${otherToken}` }), 'subscription { approvalRequested { id } }', 'approvalRequested');
    // The subscribe message follows the acknowledgement at once; leave the server a moment to register it.
    await Promise.all([approvals, findings, otherFeed].map((feed) => feed.acknowledged()));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const { client } = await connectThroughProxy(
      ['--name', 'governed', '--url', ledger.url, '--tenant', tenant, '--agent', 'test-host', '--spool-dir', join(dir, 'spool'), '--policy', policyFile, '--approval-timeout', '8'],
      { RECORDING_SERVER_LOG: serverLog, LEDGER_TOKEN: testAdminToken() },
    );

    // 1. allowed, and 2. denied by policy (the server never sees it).
    expect(await client.callTool({ name: 'echo', arguments: { message: 'hi' } })).toEqual({ content: [{ type: 'text', text: 'Echo: hi' }] });
    await expect(client.callTool({ name: 'send_email', arguments: { to: 'mallory@evil.example', body: 'secrets' } })).rejects.toMatchObject({
      code: -32001,
      data: { decision: 'deny', matched_rules: ['mail-to-our-domain'] },
    });

    // 3. held: the call waits; other calls keep flowing meanwhile.
    const held = client.callTool({ name: 'delete_repo', arguments: { repo: 'prod' } });
    const pending = await eventually(async () => {
      const { pendingApprovals } = await admin.data<{ pendingApprovals: Approval[] }>(`{ pendingApprovals { ${APPROVAL_FIELDS} } }`);
      expect(pendingApprovals).toHaveLength(1);
      return pendingApprovals[0]!;
    }, 6000);
    expect((await approver.data<{ pendingApprovals: { id: string }[] }>('{ pendingApprovals { id } }')).pendingApprovals).toEqual([{ id: pending.id }]);
    expect(pending).toMatchObject({ status: 'PENDING', toolName: 'delete_repo', reviewer: null, call: { arguments: { repo: 'prod' } } });
    expect(await client.callTool({ name: 'echo', arguments: { message: 'while held' } })).toEqual({ content: [{ type: 'text', text: 'Echo: while held' }] });

    // A viewer may look but not decide.
    const refused = await viewer.answer(`mutation { decideApproval(id: ${JSON.stringify(pending.id)}, decision: APPROVE) { id } }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const { decideApproval } = await approver.data<{ decideApproval: Approval }>(
      'mutation D($id: ID!) { decideApproval(id: $id, decision: APPROVE, comment: "ticket OPS-42") { id status reviewer comment decidedAt } }',
      { id: pending.id },
    );
    expect(decideApproval).toMatchObject({ id: pending.id, status: 'APPROVED', reviewer: 'key:alice-approver', comment: 'ticket OPS-42' });
    expect(await held).toEqual({ content: [{ type: 'text', text: 'deleted prod' }] });
    const twice = await approver.answer('mutation D($id: ID!) { decideApproval(id: $id, decision: REJECT) { id } }', { id: pending.id });
    expect(twice.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/already decided: approved by key:alice-approver/) });

    // 4. a different call (other arguments) is not covered by that approval: it is held anew, and rejected.
    const other = client.callTool({ name: 'delete_repo', arguments: { repo: 'staging' } });
    // It may be refused while we are still deciding: mark it handled now, assert on it below.
    other.catch(() => undefined);
    const second = await eventually(async () => {
      const { pendingApprovals } = await approver.data<{ pendingApprovals: Approval[] }>(`{ pendingApprovals { ${APPROVAL_FIELDS} } }`);
      expect(pendingApprovals).toHaveLength(1);
      return pendingApprovals[0]!;
    }, 6000);
    expect(second.id).not.toBe(pending.id);
    expect(second.callHash).not.toBe(pending.callHash);
    await approver.data('mutation D($id: ID!) { decideApproval(id: $id, decision: REJECT, comment: "not staging") { id } }', { id: second.id });
    await expect(other).rejects.toMatchObject({ code: -32002, message: expect.stringContaining('tools/call "delete_repo" was rejected by key:alice-approver: not staging') });

    // 5. nobody decides: refused at the timeout, and recorded as expired by `system`.
    await expect(client.callTool({ name: 'delete_repo', arguments: { repo: 'dev' } }, undefined, { timeout: 30_000 })).rejects.toMatchObject({
      code: -32003,
      message: expect.stringMatching(/held for approval .* nobody approved it/),
    });

    const unknown = await approver.answer('mutation { decideApproval(id: "no-such-approval", decision: APPROVE) { id } }');
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });

    // 6. a high-risk call the policy allows without approval ran: a finding.
    expect(await client.callTool({ name: 'send_email', arguments: { to: 'bob@acme.example', body: 'hello' } })).toEqual({ content: [{ type: 'text', text: 'sent to bob@acme.example' }] });
    await client.close();

    // What the server process received: only the allowed and the approved calls.
    const saw = readFileSync(serverLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { tool: string; arguments: Record<string, unknown> });
    expect(saw.map((entry) => [entry.tool, entry.arguments['repo'] ?? entry.arguments['message'] ?? entry.arguments['to']])).toEqual([
      ['echo', 'hi'],
      ['echo', 'while held'],
      ['delete_repo', 'prod'],
      ['send_email', 'bob@acme.example'],
    ]);

    // Everything is visible in GraphQL, with the reviewer identity on the approval and on the call.
    const all = await eventually(async () => {
      const { approvals: list } = await admin.data<{ approvals: Approval[] }>(`{ approvals(filter: { toolName: "delete_repo" }) { ${APPROVAL_FIELDS} } }`);
      expect(list.map((a) => [a.call?.arguments['repo'], a.status, a.decision, a.reviewer])).toEqual([
        ['dev', 'EXPIRED', 'expired', 'system'],
        ['staging', 'DENIED', 'denied', 'key:alice-approver'],
        ['prod', 'APPROVED', 'approved', 'key:alice-approver'],
      ]);
      return list;
    });
    expect(all[2]).toMatchObject({ comment: 'ticket OPS-42', call: { status: 'OK' } });
    const late = await approver.answer('mutation D($id: ID!) { decideApproval(id: $id, decision: APPROVE) { id } }', { id: all[0]!.id });
    expect(late.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/already decided: expired by system/) });
    const { toolCalls } = await approver.data<{ toolCalls: { edges: { node: { toolName: string; status: string; arguments: unknown; error: { code: number } | null; approval: { status: string; reviewer: string | null; comment: string | null } | null } }[] } }>(
      '{ toolCalls(first: 20, order: ASC, filter: { serverName: "governed" }) { edges { node { toolName status error { code } approval { status reviewer comment } } } } }',
    );
    expect(toolCalls.edges.map((e) => [e.node.toolName, e.node.status, e.node.error?.code ?? null, e.node.approval?.reviewer ?? null])).toEqual([
      ['echo', 'OK', null, null],
      ['send_email', 'FAILED', -32001, null],
      ['delete_repo', 'OK', null, 'key:alice-approver'],
      ['echo', 'OK', null, null],
      ['delete_repo', 'FAILED', -32002, 'key:alice-approver'],
      ['delete_repo', 'FAILED', -32003, 'system'],
      ['send_email', 'OK', null, null],
    ]);

    const { findings: raised } = await admin.data<{ findings: { edges: { node: { kind: string; severity: string; evidence: Record<string, unknown> } }[] } }>(
      '{ findings(filter: { kind: ["unapproved_high_risk_call"] }) { edges { node { kind severity evidence } } } }',
    );
    expect(raised.edges.map((e) => e.node)).toEqual([
      { kind: 'unapproved_high_risk_call', severity: 'high', evidence: expect.objectContaining({ tool: 'send_email', server: 'governed', risk: 'high', approval: { status: 'not_requested' } }) },
    ]);

    // The subscriptions saw the held calls and the new finding, in this tenant only.
    await eventually(async () => {
      expect(approvals.received.map((a) => a.toolName)).toEqual(['delete_repo', 'delete_repo', 'delete_repo']);
      expect(findings.received.map((f) => f.kind)).toContain('unapproved_high_risk_call');
    }, 5000);
    expect(approvals.received[0]?.status).toBe('PENDING');
    expect(otherFeed.received).toEqual([]);
    expect(anonymous.received).toEqual([]);
    expect(anonymous.errors.length).toBeGreaterThan(0);
    await Promise.all([approvals.close(), findings.close(), anonymous.close(), otherFeed.close()]);
  });
});

describe('pinning tool definitions (--pin-definitions)', () => {
  it('blocks a tool whose definition changed until an admin approves the new definition; calls join the right version', async () => {
    const serverLog = join(dir, 'pinned-server-saw.ndjson');
    writeFileSync(serverLog, '');
    const pinTenant = `${tenant}-pins`;
    const admin = as(ledger.url, testAdminToken(), pinTenant);
    const approverHere = as(ledger.url, await createTestKey(ledger.url, { name: 'pin-approver', roles: ['approver'], tenants: [pinTenant] }), pinTenant);
    const { client } = await connectThroughProxy(
      ['--name', 'weather', '--url', ledger.url, '--tenant', pinTenant, '--spool-dir', join(dir, 'spool-pins'), '--pin-definitions'],
      { RECORDING_SERVER_LOG: serverLog, LEDGER_TOKEN: testAdminToken() },
    );
    await client.listTools();
    expect(await client.callTool({ name: 'get_weather', arguments: { city: 'Zurich' } })).toEqual({ content: [{ type: 'text', text: 'sunny in Zurich' }] });
    await client.listTools();
    await expect(client.callTool({ name: 'get_weather', arguments: { city: 'Basel' } })).rejects.toMatchObject({
      code: -32004,
      message: expect.stringMatching(/get_weather.*definition changed since it was pinned \(description: sha256:\w+ → sha256:\w+\).*approveToolDefinition/),
    });
    // Unchanged tools are not affected.
    expect(await client.callTool({ name: 'echo', arguments: { message: 'still fine' } })).toEqual({ content: [{ type: 'text', text: 'Echo: still fine' }] });

    const weather = await eventually(async () => {
      const { servers } = await admin.data<{ servers: { name: string; tools: { name: string; versions: { definitionHash: string; description: string }[] }[] }[] }>(
        '{ servers { name tools { name versions { definitionHash description } } } }',
      );
      const tool = servers.find((s) => s.name === 'weather')?.tools.find((t) => t.name === 'get_weather');
      expect(tool?.versions).toHaveLength(2);
      return tool!;
    });
    const [before, after] = weather.versions;
    // Findings are written right after the projections of the same batch: wait for them too.
    const { findings } = await eventually(async () => {
      const answer = await admin.data<{ findings: { edges: { node: { kind: string; evidence: Record<string, unknown> } }[] } }>(
        '{ findings(filter: { kind: ["tool_definition_changed"] }) { edges { node { kind evidence } } } }',
      );
      expect(answer.findings.edges).toHaveLength(1);
      return answer;
    });
    expect(findings.edges[0]!.node.evidence).toMatchObject({ tool: 'get_weather', previous_hash: before!.definitionHash, new_hash: after!.definitionHash, calls_under_previous: 1 });
    expect(JSON.stringify(findings.edges[0]!.node.evidence['diff'])).toContain('id_rsa');

    const approve = `mutation A($hash: String!) { approveToolDefinition(server: "weather", tool: "get_weather", definitionHash: $hash, comment: "reviewed") { definitionHash reviewer approvedAt } }`;
    const notAdmin = await approverHere.answer(approve, { hash: after!.definitionHash });
    expect(notAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { approveToolDefinition } = await admin.data<{ approveToolDefinition: { definitionHash: string; reviewer: string } }>(approve, { hash: after!.definitionHash });
    expect(approveToolDefinition).toMatchObject({ definitionHash: after!.definitionHash, reviewer: expect.stringMatching(/^key:/) });

    expect(await client.callTool({ name: 'get_weather', arguments: { city: 'Bern' } })).toEqual({ content: [{ type: 'text', text: 'sunny in Bern' }] });
    await client.close();

    const saw = readFileSync(serverLog, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { arguments: { city?: string } }).arguments.city ?? 'echo');
    expect(saw).toEqual(['Zurich', 'echo', 'Bern']);
    const { toolCalls } = await eventually(async () => {
      const answer = await admin.data<{ toolCalls: { edges: { node: { toolName: string; status: string; arguments: { city?: string }; toolDefinitionHash: string } }[] } }>(
        '{ toolCalls(order: ASC, filter: { serverName: "weather" }) { edges { node { toolName status arguments toolDefinitionHash } } } }',
      );
      expect(answer.toolCalls.edges).toHaveLength(4);
      return answer;
    });
    expect(toolCalls.edges.filter((e) => e.node.toolName === 'get_weather').map((e) => [e.node.arguments.city, e.node.status, e.node.toolDefinitionHash])).toEqual([
      ['Zurich', 'OK', before!.definitionHash],
      ['Basel', 'FAILED', after!.definitionHash],
      ['Bern', 'OK', after!.definitionHash],
    ]);
  });
});
