import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { APPROVAL_COLUMNS, approvalStatus, withDecisions, type ApprovalRecord, type ApprovalRowRecord } from '@mcp-ledger/ledger-core';
import { badInput } from '../common/api-errors';
import { TenantReader } from '../common/tenant-reader';
import { WhereClause } from '../common/where-clause';
import { ApprovalStatus, MAX_APPROVALS, type ApprovalModel } from './approval.model';
import { ListApprovalsQuery } from './list-approvals.query';

export function toApprovalModel(record: ApprovalRecord, now = Date.now()): ApprovalModel {
  return {
    id: record.approvalId,
    status: approvalStatus(record, now) as ApprovalStatus,
    toolName: record.toolName,
    serverName: record.serverName,
    agent: record.agent,
    sessionId: record.sessionId,
    callId: record.callId,
    callHash: record.callHash,
    reason: record.reason,
    policyVersion: record.policyVersion,
    matchedRules: record.matchedRules,
    risk: record.risk,
    requestedAt: new Date(record.requestedAt),
    expiresAt: new Date(record.expiresAt),
    decision: record.decision?.decision ?? null,
    reviewer: record.decision?.reviewer ?? null,
    decidedAt: record.decision ? new Date(record.decision.decidedAt) : null,
    comment: record.decision?.comment ?? null,
  };
}

/**
 * Approvals of the caller's tenant, newest first. Status and reviewer depend on the
 * decisions (another table) and on the clock, so they are applied after the read.
 */
@QueryHandler(ListApprovalsQuery)
export class ListApprovalsHandler implements IQueryHandler<ListApprovalsQuery, ApprovalModel[]> {
  constructor(private readonly reader: TenantReader) {}

  async execute({ caller, filter, first, narrow }: ListApprovalsQuery): Promise<ApprovalModel[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_APPROVALS) throw badInput(`first must be between 1 and ${MAX_APPROVALS}`);
    const where = new WhereClause().timeRange('requested_at', filter.from, filter.to);
    if (filter.toolName) where.add('tool_name = {tool:String}', 'tool', filter.toolName);
    if (filter.serverName) where.add('server_name = {server:String}', 'server', filter.serverName);
    if (filter.sessionId) where.add('session_id = {session:String}', 'session', filter.sessionId);
    if (narrow.calls) {
      // Pairs are matched exactly after the read; the two IN lists only narrow the scan.
      where.add('session_id IN {sessions:Array(String)}', 'sessions', narrow.calls.map((c) => c.sessionId));
      where.add('call_id IN {callIds:Array(String)}', 'callIds', narrow.calls.map((c) => c.callId));
    }
    if (narrow.ids) where.add('approval_id IN {ids:Array(String)}', 'ids', narrow.ids);
    const select = <T>(sql: string, p: Record<string, unknown>) => this.reader.select<T>(caller, sql, p);
    // Status and reviewer filters apply after the decisions are known: read a bounded window.
    const postFiltered = Boolean(filter.status?.length || filter.reviewer || narrow.calls);
    const rows = await select<ApprovalRowRecord>(
      `SELECT ${APPROVAL_COLUMNS} FROM approvals FINAL
       WHERE tenant = {tenant:String} ${where.sql()}
       ORDER BY requested_at DESC, approval_id DESC LIMIT {limit:UInt32}`,
      { ...where.params, limit: postFiltered ? MAX_APPROVALS * 10 : first },
    );
    const now = Date.now();
    const models = (await withDecisions(select, rows)).map((record) => toApprovalModel(record, now));
    const pairs = narrow.calls ? new Set(narrow.calls.map((c) => `${c.sessionId}\u0000${c.callId}`)) : undefined;
    return models
      .filter((m) => !pairs || pairs.has(`${m.sessionId}\u0000${m.callId}`))
      .filter((m) => !filter.status?.length || filter.status.includes(m.status))
      .filter((m) => !filter.reviewer || m.reviewer === filter.reviewer)
      .slice(0, first);
  }
}
