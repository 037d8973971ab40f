import { canonicalJson, type LedgerEvent } from '@mcp-ledger/events';
import { toClickHouseTime } from './clickhouse-time';
import type { ApprovalDecisionRow, ApprovalRow } from './projection-rows';

/** A held call (`approval.requested`): one row per approval id, whole from one event. */
export function approvalRows(event: LedgerEvent): ApprovalRow[] {
  if (event.type !== 'approval.requested') return [];
  const { data } = event;
  return [
    {
      tenant: event.tenant,
      approval_id: data.approval_id,
      session_id: event.session_id,
      call_id: data.call_id,
      server_name: event.source.server?.name ?? null,
      agent: event.source.agent ?? null,
      tool_name: data['gen_ai.tool.name'],
      call_hash: data.call_hash,
      reason: data.reason ?? null,
      policy_version: data.policy_version ?? null,
      matched_rules: data.matched_rules === undefined ? null : canonicalJson(data.matched_rules),
      risk: data.risk ?? null,
      requested_at: toClickHouseTime(event.time),
      expires_at: toClickHouseTime(data.expires_at),
      request_event_id: event.id,
    },
  ];
}

/** Every decision is kept (one row per event); readers take the first by (decided_at, event_id). */
export function approvalDecisionRows(event: LedgerEvent): ApprovalDecisionRow[] {
  if (event.type !== 'approval.decided') return [];
  const { data } = event;
  return [
    {
      tenant: event.tenant,
      approval_id: data.approval_id,
      event_id: event.id,
      subject: data.subject ?? 'tool_call',
      decision: data.decision,
      call_hash: data.call_hash,
      reviewer: data.reviewer?.id ?? null,
      reviewer_name: data.reviewer?.name ?? null,
      comment: data.comment ?? null,
      server_name: data['mcp.server.name'] ?? null,
      tool_name: data['gen_ai.tool.name'] ?? null,
      decided_at: toClickHouseTime(event.time),
    },
  ];
}
