/**
 * @mcp-ledger/projections — pure functions from ledger events to ClickHouse rows, one
 * row type per table of deploy/clickhouse/migrations. No I/O: the projector inserts
 * what these return.
 *
 * @example
 * await db.insert('events', events.map(toEventRow));
 * const rows = projectEvents(events);
 * for (const table of PROJECTION_TABLES) await db.insert(table, rows[table]);
 */
export { approvalDecisionRows, approvalRows } from './approvals.projection';
export { fromClickHouseTime, toClickHouseTime } from './clickhouse-time';
export { contentOccurrenceRows, contentRows } from './contents.projection';
export { toEventRow } from './event-row.projection';
export { serverCredentialRows, serverRows, toolRows, UNKNOWN_SERVER } from './inventory.projection';
export { compareKeys, mergeProjections, mergeRows } from './merge-rows';
export { projectEvents } from './project-events';
export {
  PROJECTION_TABLES,
  type ApprovalDecisionRow,
  type ApprovalRow,
  type ContentKind,
  type ContentRow,
  type CredentialKind,
  type EventRow,
  type McpServerCredentialRow,
  type McpServerRow,
  type McpToolRow,
  type ProjectionRows,
  type ProjectionTable,
  type SessionRow,
  type ToolCallRow,
} from './projection-rows';
export { sessionRow } from './sessions.projection';
export { PROJECTION_LAYOUTS, type MergeRule, type TableLayout } from './table-layouts';
export { blankToolCallRow, TOOL_CALL_OUTCOME, toolCallRows } from './tool-calls.projection';
export type { FindingRow } from './finding-row';
