import { chainEvents, type LedgerEvent, type UnchainedEvent } from '@mcp-ledger/events';
import { describe, expect, it } from 'vitest';
import { approvalDecisionRows, approvalRows } from './approvals.projection';
import { mergeProjections } from './merge-rows';
import { projectEvents } from './project-events';

const HASH = `sha256:${'b'.repeat(64)}`;
const base = { specversion: '1.0', tenant: 'acme', source: { kind: 'proxy', side: 'client', agent: 'host', server: { name: 'repo' } } } as const;

const [requested, decided] = chainEvents([
  {
    ...base,
    id: '019ab7a4-6f70-7000-8000-0000000000a1',
    type: 'approval.requested',
    time: '2026-11-25T10:00:00.000Z',
    session_id: 's-1',
    seq: 0,
    data: { approval_id: 'ap-1', call_id: 'c-1', 'gen_ai.tool.name': 'delete_repo', call_hash: HASH, expires_at: '2026-11-25T10:02:00.000Z', matched_rules: ['deletes'], risk: 'high' },
  },
  {
    ...base,
    id: '019ab7a4-6f70-7000-8000-0000000000a2',
    type: 'approval.decided',
    time: '2026-11-25T10:00:30.000Z',
    session_id: 's-1',
    seq: 1,
    data: { approval_id: 'ap-1', call_hash: HASH, decision: 'approved', reviewer: { id: 'key:alice' }, comment: 'ok' },
  },
] as unknown as UnchainedEvent[]) as [LedgerEvent, LedgerEvent];

describe('approvals projection', () => {
  it('files a held call under its approval id, with the binding hash and the expiry', () => {
    expect(approvalRows(requested)).toEqual([
      {
        tenant: 'acme',
        approval_id: 'ap-1',
        session_id: 's-1',
        call_id: 'c-1',
        server_name: 'repo',
        agent: 'host',
        tool_name: 'delete_repo',
        call_hash: HASH,
        reason: null,
        policy_version: null,
        matched_rules: '["deletes"]',
        risk: 'high',
        requested_at: '2026-11-25 10:00:00.000',
        expires_at: '2026-11-25 10:02:00.000',
        request_event_id: requested.id,
      },
    ]);
  });

  it('keeps each decision as its own row, with the reviewer and comment; a tool call is the default subject', () => {
    expect(approvalDecisionRows(decided)).toEqual([
      {
        tenant: 'acme',
        approval_id: 'ap-1',
        event_id: decided.id,
        subject: 'tool_call',
        decision: 'approved',
        call_hash: HASH,
        reviewer: 'key:alice',
        reviewer_name: null,
        comment: 'ok',
        server_name: null,
        tool_name: null,
        decided_at: '2026-11-25 10:00:30.000',
      },
    ]);
  });

  it('gives the same rows whatever the batching and re-delivery', () => {
    const whole = projectEvents([requested, decided]);
    expect(mergeProjections([projectEvents([decided]), projectEvents([requested]), projectEvents([decided])])).toEqual(whole);
    expect(whole.approvals).toHaveLength(1);
    expect(whole.approval_decisions).toHaveLength(1);
  });
});
