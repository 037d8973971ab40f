import { describe, expect, it } from 'vitest';
import type { CommandBus } from '@nestjs/cqrs';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent } from '@mcp-ledger/events';
import { ApprovalError } from './approval.error';
import { DecideApprovalCommand } from './decide-approval.command';
import { DecideApprovalHandler } from './decide-approval.handler';

const APPROVAL = {
  approval_id: 'a-1', session_id: 's-1', call_id: 'c-1', server_name: 'repo', agent: null, tool_name: 'delete_repo',
  call_hash: 'sha256:abc', reason: null, policy_version: 'p1', matched_rules: '[]', risk: 'high',
  requested_at: '2026-01-01 00:00:00.000', expires_at: '2099-01-01 00:00:00.000',
};

interface DecisionRow { approval_id: string; event_id: string; decision: string; call_hash: string; reviewer: string; reviewer_name: null; comment: null; decided_at: string }

/**
 * A read model that shows a recorded decision only after `lagReads` further reads (what a
 * projector behind Kafka looks like), with `earlier` decisions another replica wrote. It
 * lists decisions in the order they were stored, as the reader's SQL orders them.
 */
function fakeStore(options: { lagReads: number; earlier?: DecisionRow[]; never?: boolean }) {
  const projected: DecisionRow[] = [];
  const pending: { row: DecisionRow; readsLeft: number }[] = [];
  const tick = () => {
    for (const item of [...pending]) {
      if (options.never) continue;
      if (item.readsLeft-- <= 0) {
        projected.push(item.row);
        pending.splice(pending.indexOf(item), 1);
      }
    }
  };
  let earlierVisible = false;
  const db = {
    query: async (sql: string, params: Record<string, unknown>) => {
      tick();
      const decisions = [...(earlierVisible ? options.earlier ?? [] : []), ...projected];
      if (sql.includes('FROM approvals FINAL')) return [APPROVAL];
      if (sql.includes('count() AS n FROM events')) return [{ n: decisions.filter((d) => d.event_id === params['event']).length }];
      if (sql.includes('FROM approval_decisions AS d FINAL')) return decisions;
      throw new Error(`unexpected SQL ${sql}`);
    },
  } as unknown as LedgerDatabase;
  const commandBus = {
    execute: async ({ events }: { events: LedgerEvent[] }) => {
      const event = events[0]!;
      const data = event.data as { decision: string; call_hash: string; reviewer: { id: string } };
      pending.push({ row: { approval_id: 'a-1', event_id: event.id, decision: data.decision, call_hash: data.call_hash, reviewer: data.reviewer.id, reviewer_name: null, comment: null, decided_at: event.time.replace('T', ' ').replace('Z', '') }, readsLeft: options.lagReads });
      // The other replica's decision lands at the same moment as ours.
      earlierVisible = true;
      return { accepted: 1, duplicates: 0 };
    },
  } as unknown as CommandBus;
  return { db, commandBus };
}

const decide = (decision: 'approved' | 'denied', reviewer: string) =>
  new DecideApprovalCommand({ tenant: 't', approvalId: 'a-1', decision, reviewer: { id: reviewer } });

describe('DecideApprovalHandler (decisions recorded through Kafka, projected later)', () => {
  it('answers only once the read model shows the decision, with the decision as read back', async () => {
    const { db, commandBus } = fakeStore({ lagReads: 5 });
    const handler = new DecideApprovalHandler(db, commandBus, { pollMs: 1, timeoutMs: 5000, recordedTo: 'Kafka' });
    const decided = await handler.execute(decide('approved', 'key:alice'));
    expect(decided.decision).toMatchObject({ decision: 'approved', reviewer: 'key:alice' });
  });

  it('refuses a decision that came second to another replica’s, naming the one that stands', async () => {
    const earlier: DecisionRow = { approval_id: 'a-1', event_id: '0000-bob', decision: 'denied', call_hash: 'sha256:abc', reviewer: 'key:bob', reviewer_name: null, comment: null, decided_at: '2000-01-01 00:00:00.000' };
    const { db, commandBus } = fakeStore({ lagReads: 2, earlier: [earlier] });
    const handler = new DecideApprovalHandler(db, commandBus, { pollMs: 1, timeoutMs: 5000, recordedTo: 'Kafka' });
    const refusal = await handler.execute(decide('approved', 'key:alice')).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApprovalError);
    expect(refusal).toMatchObject({ code: 'already_decided', message: expect.stringMatching(/already decided: denied by key:bob .*your approved came second/) });
  });

  it('says the decision is durable but not visible when no projector writes it in time', async () => {
    const { db, commandBus } = fakeStore({ lagReads: 0, never: true });
    const handler = new DecideApprovalHandler(db, commandBus, { pollMs: 5, timeoutMs: 30, recordedTo: 'Kafka (topic mcp-ledger.events.v1)' });
    await expect(handler.execute(decide('denied', 'key:alice'))).rejects.toMatchObject({
      code: 'not_visible',
      message: expect.stringMatching(/recorded durably in Kafka \(topic mcp-ledger\.events\.v1\) but did not reach the read model within 0\.03 s/),
    });
  });
});
