/**
 * Rows as they are inserted (JSONEachRow), one type per table in
 * deploy/clickhouse/migrations, column for column. Times are `DateTime64(3, 'UTC')`
 * text (see toClickHouseTime); UInt64 values are numbers (seq and sizes stay far below
 * 2^53); `null` in a Nullable aggregate column means "this event says nothing", which
 * the engine's merge skips.
 */

/** `events` (0001). `ingested_at` is left to its DEFAULT: it is the one non-replayable column. */
export interface EventRow {
  tenant: string;
  id: string;
  type: string;
  specversion: string;
  time: string;
  session_id: string;
  seq: number;
  source_kind: string;
  server_name: string;
  prev_hash: string;
  hash: string;
  /** canonicalJson of the whole event, so hashes can be re-verified from the store. */
  payload: string;
}

/** `tool_calls` (0002). outcome: 0 pending, 1 ok, 2 tool isError, 3 JSON-RPC error, 4 cancelled. */
export interface ToolCallRow {
  tenant: string;
  session_id: string;
  call_id: string;
  request_id: string | null;
  server_name: string | null;
  agent: string | null;
  tool_name: string | null;
  tool_definition_hash: string | null;
  arguments: string | null;
  arguments_hash: string | null;
  requested_at: string | null;
  request_seq: number | null;
  request_event_id: string | null;
  completed_at: string | null;
  response_seq: number | null;
  response_event_id: string | null;
  outcome: number;
  result_hash: string | null;
  error_code: number | null;
  error_message: string | null;
  duration_ms: number | null;
  /** Provenance verdict (0006), written by the provenance step, never by projectEvents. */
  origin: string | null;
  injection_suspected: number | null;
  injection_score: number | null;
  /** source.task of the request event (0012), when the host sent one. */
  task_id: string | null;
  task_name: string | null;
}

/** `sessions` (0003). */
export interface SessionRow {
  tenant: string;
  session_id: string;
  external_id: string | null;
  mcp_session_id: string | null;
  protocol_version: string | null;
  source_kind: string | null;
  side: string | null;
  host: string | null;
  agent: string | null;
  transport: string | null;
  client_name: string | null;
  client_version: string | null;
  server_name: string | null;
  server_version: string | null;
  first_event_at: string;
  last_event_at: string;
  ended_at: string | null;
  end_reason: string | null;
  max_seq: number;
  /** source.task of the session's events (0012), when the host sent one. */
  task_id: string | null;
  task_name: string | null;
}

/** `contents` (0004), addressed by the hash of the canonical (redacted) content. */
export interface ContentRow {
  tenant: string;
  hash: string;
  kind: ContentKind;
  mime_type: string | null;
  size_bytes: number;
  /** 0/1: the body was cut to the emitter's size bound. */
  truncated: number;
  body: string;
  first_seen_at: string;
  last_seen_at: string;
}

export type ContentKind =
  | 'tool_result'
  | 'resource'
  | 'prompt'
  | 'sampling'
  | 'elicitation'
  | 'user_prompt'
  | 'model_turn';

/** `mcp_servers` (0005); a server without a version is keyed by version ''. */
export interface McpServerRow {
  tenant: string;
  server_name: string;
  server_version: string;
  protocol_version: string | null;
  first_seen_at: string;
  last_seen_at: string;
}

/** `mcp_tools` (0005): one row per distinct definition a server has listed. */
export interface McpToolRow {
  tenant: string;
  server_name: string;
  tool_name: string;
  definition_hash: string;
  title: string | null;
  description: string | null;
  definition: string;
  first_seen_at: string;
  last_seen_at: string;
}

/**
 * `mcp_server_credentials` (0007): a credential a server was started with, by name only.
 * kind: `env` (an environment variable name) or `oauth_scope`.
 */
export interface McpServerCredentialRow {
  tenant: string;
  server_name: string;
  kind: CredentialKind;
  name: string;
  first_seen_at: string;
  last_seen_at: string;
}

export type CredentialKind = 'env' | 'oauth_scope';

/** `content_occurrences` (0006): every place a content item was seen, content → session. */
export interface ContentOccurrenceRow {
  tenant: string;
  content_hash: string;
  session_id: string;
  seq: number;
  kind: ContentKind;
}

/** `approvals` (0011): a call a proxy held for a reviewer, from `approval.requested`. */
export interface ApprovalRow {
  tenant: string;
  approval_id: string;
  session_id: string | null;
  call_id: string | null;
  server_name: string | null;
  agent: string | null;
  tool_name: string | null;
  call_hash: string | null;
  reason: string | null;
  policy_version: string | null;
  /** Canonical JSON array of rule ids. */
  matched_rules: string | null;
  risk: string | null;
  requested_at: string | null;
  expires_at: string | null;
  request_event_id: string | null;
}

/** `approval_decisions` (0011): one `approval.decided` event. subject: tool_call | tool_definition. */
export interface ApprovalDecisionRow {
  tenant: string;
  approval_id: string;
  event_id: string;
  subject: string | null;
  decision: string | null;
  call_hash: string | null;
  reviewer: string | null;
  reviewer_name: string | null;
  comment: string | null;
  server_name: string | null;
  tool_name: string | null;
  decided_at: string | null;
}

/** Insertion order matters to nobody, but keep it stable for logs and goldens. */
export const PROJECTION_TABLES = [
  'tool_calls',
  'sessions',
  'contents',
  'content_occurrences',
  'mcp_servers',
  'mcp_tools',
  'mcp_server_credentials',
  'approvals',
  'approval_decisions',
] as const;
export type ProjectionTable = (typeof PROJECTION_TABLES)[number];

export interface ProjectionRows {
  tool_calls: ToolCallRow[];
  sessions: SessionRow[];
  contents: ContentRow[];
  content_occurrences: ContentOccurrenceRow[];
  mcp_servers: McpServerRow[];
  mcp_tools: McpToolRow[];
  mcp_server_credentials: McpServerCredentialRow[];
  approvals: ApprovalRow[];
  approval_decisions: ApprovalDecisionRow[];
}
