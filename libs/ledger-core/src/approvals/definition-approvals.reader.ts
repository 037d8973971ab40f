import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { fromClickHouseTime } from '@mcp-ledger/projections';
import { definitionApprovalId } from './approval-ids';
import type { ToolDefinitionApproval } from './approve-tool-definition.command';

/** The approval of this definition of this tool, if an admin gave one (the first stands). */
export async function findDefinitionApproval(
  db: LedgerDatabase,
  input: { tenant: string; server: string; tool: string; definitionHash: string },
): Promise<ToolDefinitionApproval | null> {
  const [row] = await db.query<{ reviewer: string | null; comment: string | null; decided_at: string | null }>(
    `SELECT reviewer, comment, decided_at FROM approval_decisions FINAL
     WHERE tenant = {tenant:String} AND approval_id = {id:String} AND subject = 'tool_definition' AND decision = 'approved'
     ORDER BY decided_at, event_id LIMIT 1`,
    { tenant: input.tenant, id: definitionApprovalId(input.server, input.tool, input.definitionHash) },
  );
  if (!row || row.decided_at === null) return null;
  return {
    server: input.server,
    tool: input.tool,
    definitionHash: input.definitionHash,
    reviewer: row.reviewer ?? '',
    comment: row.comment,
    approvedAt: fromClickHouseTime(row.decided_at),
  };
}
