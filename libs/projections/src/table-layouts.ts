import type { ProjectionRows, ProjectionTable } from './projection-rows';

/**
 * How the engine combines two rows with the same sorting key, per column: `key` columns
 * are the ORDER BY (in order), the others are the SimpleAggregateFunction of the
 * migration. NULLs are skipped by all three functions, as in ClickHouse.
 * The clickhouse lib's contract spec checks these against system.columns, so a
 * migration and its projection cannot drift apart silently.
 */
export type MergeRule = 'key' | 'any' | 'min' | 'max';
export type TableLayout<Row> = { readonly [Column in keyof Row]-?: MergeRule };

type Layouts = { readonly [Table in ProjectionTable]: TableLayout<ProjectionRows[Table][number]> };

export const PROJECTION_LAYOUTS: Layouts = {
  tool_calls: {
    tenant: 'key',
    session_id: 'key',
    call_id: 'key',
    request_id: 'any',
    server_name: 'any',
    agent: 'any',
    tool_name: 'any',
    tool_definition_hash: 'any',
    arguments: 'any',
    arguments_hash: 'any',
    requested_at: 'min',
    request_seq: 'min',
    request_event_id: 'any',
    completed_at: 'max',
    response_seq: 'max',
    response_event_id: 'any',
    outcome: 'max',
    result_hash: 'any',
    error_code: 'any',
    error_message: 'any',
    duration_ms: 'max',
    origin: 'any',
    injection_suspected: 'max',
    injection_score: 'max',
  },
  sessions: {
    tenant: 'key',
    session_id: 'key',
    external_id: 'any',
    mcp_session_id: 'any',
    protocol_version: 'any',
    source_kind: 'any',
    side: 'any',
    host: 'any',
    agent: 'any',
    transport: 'any',
    client_name: 'any',
    client_version: 'any',
    server_name: 'any',
    server_version: 'any',
    first_event_at: 'min',
    last_event_at: 'max',
    ended_at: 'max',
    end_reason: 'any',
    max_seq: 'max',
  },
  contents: {
    tenant: 'key',
    hash: 'key',
    kind: 'any',
    mime_type: 'any',
    size_bytes: 'max',
    truncated: 'max',
    body: 'any',
    first_seen_at: 'min',
    last_seen_at: 'max',
  },
  content_occurrences: {
    tenant: 'key',
    content_hash: 'key',
    session_id: 'key',
    seq: 'key',
    kind: 'any',
  },
  mcp_servers: {
    tenant: 'key',
    server_name: 'key',
    server_version: 'key',
    protocol_version: 'any',
    first_seen_at: 'min',
    last_seen_at: 'max',
  },
  mcp_tools: {
    tenant: 'key',
    server_name: 'key',
    tool_name: 'key',
    definition_hash: 'key',
    title: 'any',
    description: 'any',
    definition: 'any',
    first_seen_at: 'min',
    last_seen_at: 'max',
  },
  mcp_server_credentials: {
    tenant: 'key',
    server_name: 'key',
    kind: 'key',
    name: 'key',
    first_seen_at: 'min',
    last_seen_at: 'max',
  },
};
