import { fromClickHouseTime } from '@mcp-ledger/projections';
import { encodeKey } from '../common/cursor';
import { ToolCallStatus, type ToolCallModel } from './tool-call.model';

/** tool_calls as read back (FINAL): 64-bit integers arrive as strings. */
export interface ToolCallRecord {
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
  request_seq: string | number | null;
  completed_at: string | null;
  outcome: string | number;
  result_hash: string | null;
  error_code: string | number | null;
  error_message: string | null;
  duration_ms: number | null;
  origin: string | null;
  injection_suspected: number | string | null;
  injection_score: number | null;
  response_seq: string | number | null;
  task_id: string | null;
  task_name: string | null;
  call_time: string;
}

export const TOOL_CALL_COLUMNS = `session_id, call_id, request_id, server_name, agent, tool_name, tool_definition_hash,
  arguments, arguments_hash, requested_at, request_seq, completed_at, outcome, result_hash,
  error_code, error_message, duration_ms, origin, injection_suspected, injection_score, response_seq, task_id, task_name,
  ifNull(requested_at, ifNull(completed_at, toDateTime64(0, 3, 'UTC'))) AS call_time`;

export const OUTCOME_TO_STATUS: readonly ToolCallStatus[] = [
  ToolCallStatus.PENDING,
  ToolCallStatus.OK,
  ToolCallStatus.TOOL_ERROR,
  ToolCallStatus.FAILED,
  ToolCallStatus.CANCELLED,
];

export function statusToOutcome(status: ToolCallStatus): number {
  return OUTCOME_TO_STATUS.indexOf(status);
}

const toDate = (value: string | null) => (value === null ? null : new Date(fromClickHouseTime(value)));
const toNumber = (value: string | number | null) => (value === null ? null : Number(value));

export function toolCallId(sessionId: string, callId: string): string {
  return encodeKey([sessionId, callId]);
}

export function toToolCallModel(row: ToolCallRecord): ToolCallModel {
  const outcome = Number(row.outcome);
  const failed = outcome === 3 || outcome === 4;
  return {
    id: toolCallId(row.session_id, row.call_id),
    callId: row.call_id,
    seq: toNumber(row.request_seq),
    sessionId: row.session_id,
    requestId: row.request_id,
    serverName: row.server_name,
    agent: row.agent,
    task: row.task_id === null ? null : { id: row.task_id, name: row.task_name },
    toolName: row.tool_name,
    arguments: row.arguments === null ? null : JSON.parse(row.arguments),
    argumentsHash: row.arguments_hash,
    status: OUTCOME_TO_STATUS[outcome] ?? ToolCallStatus.PENDING,
    isError: outcome === 2,
    error: failed && (row.error_code !== null || row.error_message !== null)
      ? { code: toNumber(row.error_code), message: row.error_message }
      : null,
    durationMs: row.duration_ms,
    requestedAt: toDate(row.requested_at),
    completedAt: toDate(row.completed_at),
    toolDefinitionHash: row.tool_definition_hash,
    resultHash: row.result_hash,
    responseSeq: toNumber(row.response_seq),
    verdict:
      row.origin === null
        ? null
        : { origin: row.origin, injectionSuspected: Number(row.injection_suspected) === 1, score: row.injection_score ?? 0 },
    sortKey: encodeKey([row.call_time, row.session_id, row.call_id]),
  };
}
