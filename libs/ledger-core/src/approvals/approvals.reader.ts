import { fromClickHouseTime, type ApprovalRow } from '@mcp-ledger/projections';

/** Runs tenant-scoped SQL: the caller binds `{tenant:String}` (TenantReader on the read side). */
export type TenantSelect = <T>(sql: string, params: Record<string, unknown>) => Promise<T[]>;

export type DecisionValue = 'approved' | 'denied' | 'expired';

export interface ApprovalDecisionRecord {
  decision: DecisionValue;
  callHash: string;
  reviewer: string | null;
  reviewerName: string | null;
  comment: string | null;
  /** ISO-8601. */
  decidedAt: string;
  eventId: string;
}

export interface ApprovalRecord {
  approvalId: string;
  sessionId: string;
  callId: string;
  serverName: string | null;
  agent: string | null;
  toolName: string;
  callHash: string;
  reason: string | null;
  policyVersion: string | null;
  matchedRules: string[];
  risk: string | null;
  requestedAt: string;
  expiresAt: string;
  /** The decision in force: the first one made. */
  decision: ApprovalDecisionRecord | null;
}

export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'DENIED' | 'EXPIRED';

/** Pending until decided; past its expiry an undecided approval is expired whether or not the proxy said so. */
export function approvalStatus(approval: Pick<ApprovalRecord, 'decision' | 'expiresAt'>, now = Date.now()): ApprovalStatus {
  if (approval.decision) return approval.decision.decision === 'approved' ? 'APPROVED' : approval.decision.decision === 'denied' ? 'DENIED' : 'EXPIRED';
  return Date.parse(approval.expiresAt) <= now ? 'EXPIRED' : 'PENDING';
}

/** An `approvals` row as read back: the projection's row without the keys the reader already knows. */
export type ApprovalRowRecord = Omit<ApprovalRow, 'tenant' | 'request_event_id'>;

/** Columns of `approvals` as ApprovalRowRecord, for any query that lists approvals. */
export const APPROVAL_COLUMNS =
  'approval_id, session_id, call_id, server_name, agent, tool_name, call_hash, reason, policy_version, matched_rules, risk, requested_at, expires_at';

interface DecisionRow {
  approval_id: string;
  event_id: string;
  decision: string | null;
  call_hash: string | null;
  reviewer: string | null;
  reviewer_name: string | null;
  comment: string | null;
  decided_at: string | null;
}

/**
 * The decision in force for each approval id: the first one the ledger STORED (its event's
 * `ingested_at`), then the earlier decision time, then the event id. Store order, not the
 * reviewer's clock: two API replicas can decide at once, and the one whose event reaches the
 * store second may carry the earlier time — ordering by time would let it displace a decision
 * that was already answered as the winner (and that the proxy may already have acted on).
 * All decisions of an approval are one session, so one Kafka partition, projected in order:
 * once a decision's event row is visible, every decision stored before it is too. A decision
 * whose event row is not written yet (projections are written first) is not in force yet.
 * `rebuild` keeps `events`, so it keeps the answer.
 */
export async function firstDecisions(select: TenantSelect, approvalIds: readonly string[]): Promise<Map<string, ApprovalDecisionRecord>> {
  const out = new Map<string, ApprovalDecisionRecord>();
  if (approvalIds.length === 0) return out;
  const rows = await select<DecisionRow>(
    `SELECT d.approval_id AS approval_id, d.event_id AS event_id, d.decision AS decision, d.call_hash AS call_hash,
            d.reviewer AS reviewer, d.reviewer_name AS reviewer_name, d.comment AS comment, d.decided_at AS decided_at
     FROM approval_decisions AS d FINAL
     INNER JOIN (
       SELECT id, min(ingested_at) AS stored_at FROM events
       WHERE tenant = {tenant:String} AND type = 'approval.decided'
         AND id IN (SELECT event_id FROM approval_decisions WHERE tenant = {tenant:String} AND approval_id IN {ids:Array(String)})
       GROUP BY id
     ) AS stored ON stored.id = d.event_id
     WHERE d.tenant = {tenant:String} AND d.approval_id IN {ids:Array(String)}
     ORDER BY stored.stored_at, d.decided_at, d.event_id`,
    { ids: [...new Set(approvalIds)] },
  );
  for (const row of rows) {
    if (out.has(row.approval_id) || row.decision === null || row.decided_at === null) continue;
    out.set(row.approval_id, {
      decision: row.decision as DecisionValue,
      callHash: row.call_hash ?? '',
      reviewer: row.reviewer,
      reviewerName: row.reviewer_name,
      comment: row.comment,
      decidedAt: fromClickHouseTime(row.decided_at),
      eventId: row.event_id,
    });
  }
  return out;
}

/** Approval rows with their decisions; rows missing the request half (decision seen first) are left out. */
export async function withDecisions(select: TenantSelect, rows: readonly ApprovalRowRecord[]): Promise<ApprovalRecord[]> {
  const decisions = await firstDecisions(select, rows.map((row) => row.approval_id));
  const out: ApprovalRecord[] = [];
  for (const row of rows) {
    if (row.call_hash === null || row.requested_at === null || row.expires_at === null) continue;
    let matchedRules: string[] = [];
    try {
      matchedRules = row.matched_rules ? (JSON.parse(row.matched_rules) as string[]) : [];
    } catch {
      matchedRules = [];
    }
    out.push({
      approvalId: row.approval_id,
      sessionId: row.session_id ?? '',
      callId: row.call_id ?? '',
      serverName: row.server_name,
      agent: row.agent,
      toolName: row.tool_name ?? '',
      callHash: row.call_hash,
      reason: row.reason,
      policyVersion: row.policy_version,
      matchedRules,
      risk: row.risk,
      requestedAt: fromClickHouseTime(row.requested_at),
      expiresAt: fromClickHouseTime(row.expires_at),
      decision: decisions.get(row.approval_id) ?? null,
    });
  }
  return out;
}

export async function findApproval(select: TenantSelect, approvalId: string): Promise<ApprovalRecord | null> {
  const rows = await select<ApprovalRowRecord>(
    `SELECT ${APPROVAL_COLUMNS} FROM approvals FINAL WHERE tenant = {tenant:String} AND approval_id = {id:String}`,
    { id: approvalId },
  );
  const [approval] = await withDecisions(select, rows);
  return approval ?? null;
}
