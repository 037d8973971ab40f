import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { rebuildProjections } from '@mcp-ledger/ledger-core';
import { as } from './approvals-helpers';
import { testAdminToken } from '../support/auth';
import { postEvents, sealSession, toNdjson } from '../support/event-factory';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';

/**
 * Two reviewers decide the same held call on two API replicas. Each decision is an
 * `approval.decided` event with the reviewer's clock; the one stored second may carry the
 * earlier time. The decision in force must be the one stored first — the one already
 * answered as the winner, and that the proxy acts on — also after a rebuild.
 */
let ledger: TestLedger;
beforeAll(async () => {
  ledger = await startTestLedger();
});
afterAll(async () => ledger?.close());

const HELD_AT = Date.UTC(2026, 10, 26, 9, 0, 0);
const callHash = `sha256:${'d'.repeat(64)}`;

function decision(tenant: string, approvalId: string, decided: 'approved' | 'denied', reviewer: string, atMs: number) {
  return sealSession(
    [{ type: 'approval.decided', data: { approval_id: approvalId, call_hash: callHash, decision: decided, reviewer: { id: reviewer }, subject: 'tool_call', 'gen_ai.tool.name': 'delete_repo' } }],
    { tenant, sessionId: `decision-${uuidv7()}`, startMs: atMs },
  );
}

async function inForce(tenant: string, approvalId: string): Promise<{ status: string; reviewer: string | null }> {
  const { approvals } = await as(ledger.url, testAdminToken(), tenant).data<{ approvals: { id: string; status: string; reviewer: string | null }[] }>(
    '{ approvals { id status reviewer } }',
  );
  const found = approvals.find((approval) => approval.id === approvalId);
  if (!found) throw new Error(`approval ${approvalId} is not listed: ${JSON.stringify(approvals)}`);
  return { status: found.status, reviewer: found.reviewer };
}

describe('the decision in force is the first one stored, not the one with the earliest clock', () => {
  it('keeps the decision answered first when a racing decision with an earlier time is stored after it, and a rebuild keeps it', async () => {
    const tenant = `decision-order-${uuidv7()}`;
    const approvalId = `ap-${uuidv7()}`;
    const held = sealSession(
      [
        {
          type: 'approval.requested',
          data: { approval_id: approvalId, call_id: 'c-1', 'gen_ai.tool.name': 'delete_repo', call_hash: callHash, expires_at: new Date(Date.now() + 3_600_000).toISOString(), risk: 'high' },
        },
      ],
      { tenant, startMs: HELD_AT },
    );
    expect((await postEvents(ledger.url, toNdjson(held))).status).toBe(202);

    // Replica 1: approved at 09:00:20, stored first and answered as the decision.
    expect((await postEvents(ledger.url, toNdjson(decision(tenant, approvalId, 'approved', 'key:dora', HELD_AT + 20_000)))).status).toBe(202);
    expect(await inForce(tenant, approvalId)).toEqual({ status: 'APPROVED', reviewer: 'key:dora' });

    // Replica 2: denied at 09:00:10 by its clock, but its event reaches the store afterwards.
    expect((await postEvents(ledger.url, toNdjson(decision(tenant, approvalId, 'denied', 'key:omar', HELD_AT + 10_000)))).status).toBe(202);
    expect(await inForce(tenant, approvalId)).toEqual({ status: 'APPROVED', reviewer: 'key:dora' });

    const rebuilt = await rebuildProjections(ledger.database, { pageSize: 50 });
    expect(rebuilt.invalid).toEqual([]);
    expect(await inForce(tenant, approvalId)).toEqual({ status: 'APPROVED', reviewer: 'key:dora' });
  });
});
