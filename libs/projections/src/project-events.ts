import type { LedgerEvent } from '@mcp-ledger/events';
import { approvalDecisionRows, approvalRows } from './approvals.projection';
import { contentOccurrenceRows, contentRows } from './contents.projection';
import { serverCredentialRows, serverRows, toolRows } from './inventory.projection';
import { mergeProjections } from './merge-rows';
import type { ProjectionRows } from './projection-rows';
import { sessionRow } from './sessions.projection';
import { toolCallRows } from './tool-calls.projection';

/**
 * Projects a batch of validated events into the rows of every read model, already
 * merged per key within the batch (fewer rows to insert, same FINAL result). Pure and
 * deterministic: replaying a topic, re-delivering a batch or splitting it differently
 * yields the same tables once the engine merges.
 *
 * @example
 * const rows = projectEvents(events);
 * for (const table of PROJECTION_TABLES) await db.insert(table, rows[table]);
 */
export function projectEvents(events: readonly LedgerEvent[]): ProjectionRows {
  const partial: ProjectionRows = { tool_calls: [], sessions: [], contents: [], content_occurrences: [], mcp_servers: [], mcp_tools: [], mcp_server_credentials: [], approvals: [], approval_decisions: [] };
  for (const event of events) {
    partial.tool_calls.push(...toolCallRows(event));
    partial.sessions.push(sessionRow(event));
    partial.contents.push(...contentRows(event));
    partial.content_occurrences.push(...contentOccurrenceRows(event));
    partial.mcp_servers.push(...serverRows(event));
    partial.mcp_tools.push(...toolRows(event));
    partial.mcp_server_credentials.push(...serverCredentialRows(event));
    partial.approvals.push(...approvalRows(event));
    partial.approval_decisions.push(...approvalDecisionRows(event));
  }
  return mergeProjections([partial]);
}
