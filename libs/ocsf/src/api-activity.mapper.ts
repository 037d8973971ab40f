import type { LedgerEvent } from '@mcp-ledger/events';
import { compact } from './compact';
import {
  AI_OPERATION_PROFILE,
  AI_ROLE_TOOL,
  API_ACTIVITY,
  API_ACTIVITY_ID,
  API_STATUS,
  OCSF_VERSION,
  SEVERITY,
  severityOf,
  type ApiStatus,
  type Severity,
} from './ocsf.constants';
import type { ApiActivityOptions, OcsfApiActivity } from './ocsf-record.types';
import { hasRecordIntegrity } from './ocsf-version';
import { productOf } from './product';
import { attestationOf, RECORD_INTEGRITY_PROFILE } from './record-integrity';

/** What one event type contributes beyond the envelope. */
interface Mapped {
  read?: boolean;
  name: string;
  operation: string;
  status: ApiStatus;
  severity?: Severity;
  request?: { uid: string | undefined; data?: unknown };
  response?: { error?: string; error_message?: string; message?: string; data?: unknown };
  resources?: { name?: string; uid?: string; type: string }[];
  /** Put the record in `message_context` (the `ai_operation` profile); `tool`: the content came from a tool. */
  aiContext?: 'tool' | 'message';
  correlation?: string;
  reviewer?: { uid: string; name?: string };
  durationMs?: number;
  subject?: string;
  /** Payload members with no OCSF home, kept under `unmapped.data`. */
  rest: Record<string, unknown>;
}

const TOOL = 'MCP Tool';
const RESOURCE = 'MCP Resource';
const PROMPT = 'MCP Prompt';

function omit(data: object, keys: readonly string[]): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...data };
  for (const key of keys) delete rest[key];
  return rest;
}

const outcomeOf = (error: unknown): ApiStatus => (error ? API_STATUS.failure : API_STATUS.success);
const severityOfOutcome = (status: ApiStatus): Severity => (status === API_STATUS.failure ? SEVERITY.low : SEVERITY.informational);

function rpcError(error: { code: number; message: string; data?: unknown } | undefined) {
  return error ? { error: String(error.code), error_message: error.message, data: error.data } : undefined;
}

/** One case per event type: a new type fails to compile until it is mapped. */
function mapPayload(event: LedgerEvent): Mapped {
  switch (event.type) {
    case 'session.started': {
      const d = event.data;
      return { name: 'Session Started', operation: 'initialize', status: API_STATUS.success, rest: omit(d, ['mcp.protocol.version']) };
    }
    case 'session.ended': {
      const d = event.data;
      const failed = d.reason === 'error';
      return {
        name: 'Session Ended',
        operation: event.type,
        status: failed ? API_STATUS.failure : API_STATUS.success,
        response: { message: d.reason, error_message: d.error },
        rest: {},
      };
    }
    case 'tools.listed':
    case 'resources.listed':
    case 'prompts.listed': {
      const d = event.data;
      const type = event.type === 'tools.listed' ? TOOL : event.type === 'resources.listed' ? RESOURCE : PROMPT;
      return {
        read: true,
        name: 'Read',
        operation: d['mcp.method.name'],
        status: API_STATUS.success,
        request: { uid: d['jsonrpc.request.id'], data: d.cursor === undefined ? undefined : { cursor: d.cursor } },
        response: { data: { items: d.items } },
        resources: d.items.map((item) => ({ type, name: item.name, uid: item.definition_hash })),
        rest: {},
      };
    }
    case 'list.changed':
      return { name: 'List Changed', operation: event.data['mcp.method.name'], status: API_STATUS.success, rest: {} };
    case 'tool_call.requested': {
      const d = event.data;
      const tool = d['gen_ai.tool.name'];
      return {
        name: 'Tool Call Requested',
        operation: d['mcp.method.name'],
        status: API_STATUS.unknown,
        request: { uid: d.call_id, data: { name: tool, arguments: d.arguments } },
        resources: [{ type: TOOL, name: tool, uid: d.tool_definition_hash }],
        aiContext: 'tool',
        correlation: d.call_id,
        subject: tool,
        rest: omit(d, ['call_id', 'gen_ai.tool.name', 'mcp.method.name', 'arguments']),
      };
    }
    case 'tool_call.completed': {
      const d = event.data;
      const tool = d['gen_ai.tool.name'];
      const status = d.is_error ? API_STATUS.failure : API_STATUS.success;
      return {
        name: 'Tool Call Completed',
        operation: 'tools/call',
        status,
        severity: severityOfOutcome(status),
        request: { uid: d.call_id },
        response: { error: d.is_error ? 'tool_error' : undefined, data: d.result },
        resources: [{ type: TOOL, name: tool }],
        aiContext: 'tool',
        correlation: d.call_id,
        durationMs: d.duration_ms,
        subject: tool,
        rest: omit(d, ['call_id', 'gen_ai.tool.name', 'is_error', 'result', 'duration_ms']),
      };
    }
    case 'tool_call.failed': {
      const d = event.data;
      const tool = d['gen_ai.tool.name'];
      return {
        name: 'Tool Call Failed',
        operation: 'tools/call',
        status: API_STATUS.failure,
        severity: SEVERITY.low,
        request: { uid: d.call_id },
        response: rpcError(d.error),
        resources: [{ type: TOOL, name: tool }],
        aiContext: 'tool',
        correlation: d.call_id,
        durationMs: d.duration_ms,
        subject: tool,
        rest: omit(d, ['call_id', 'gen_ai.tool.name', 'error', 'duration_ms']),
      };
    }
    case 'resource.read': {
      const d = event.data;
      const status = outcomeOf(d.error);
      return {
        read: true,
        name: 'Read',
        operation: d['mcp.method.name'],
        status,
        severity: severityOfOutcome(status),
        request: { uid: d['jsonrpc.request.id'], data: { uri: d['mcp.resource.uri'] } },
        response: { ...rpcError(d.error), data: d.contents },
        resources: [{ type: RESOURCE, name: d['mcp.resource.uri'] }],
        aiContext: 'tool',
        durationMs: d.duration_ms,
        subject: d['mcp.resource.uri'],
        rest: {},
      };
    }
    case 'prompt.got': {
      const d = event.data;
      const status = outcomeOf(d.error);
      return {
        read: true,
        name: 'Read',
        operation: d['mcp.method.name'],
        status,
        severity: severityOfOutcome(status),
        request: { uid: d['jsonrpc.request.id'], data: { name: d['gen_ai.prompt.name'], arguments: d.arguments } },
        response: { ...rpcError(d.error), data: d.messages },
        resources: [{ type: PROMPT, name: d['gen_ai.prompt.name'] }],
        aiContext: 'tool',
        durationMs: d.duration_ms,
        subject: d['gen_ai.prompt.name'],
        rest: {},
      };
    }
    case 'sampling.requested':
    case 'elicitation.requested': {
      const d = event.data;
      return {
        name: event.type === 'sampling.requested' ? 'Sampling Requested' : 'Elicitation Requested',
        operation: d['mcp.method.name'],
        status: API_STATUS.unknown,
        request: { uid: d['jsonrpc.request.id'], data: d.request },
        aiContext: 'message',
        rest: {},
      };
    }
    case 'sampling.completed':
    case 'elicitation.completed': {
      const d = event.data;
      const status = outcomeOf(d.error);
      return {
        name: event.type === 'sampling.completed' ? 'Sampling Completed' : 'Elicitation Completed',
        operation: d['mcp.method.name'],
        status,
        severity: severityOfOutcome(status),
        request: { uid: d['jsonrpc.request.id'] },
        response: { ...rpcError(d.error), message: 'action' in d ? d.action : undefined, data: d.result },
        aiContext: 'message',
        durationMs: d.duration_ms,
        rest: {},
      };
    }
    case 'user.prompt':
      return { name: 'User Prompt', operation: event.type, status: API_STATUS.success, aiContext: 'message', rest: { ...event.data } };
    case 'model.turn':
      return { name: 'Model Turn', operation: event.type, status: API_STATUS.success, aiContext: 'message', rest: { ...event.data } };
    case 'rpc.exchanged': {
      const d = event.data;
      const status = outcomeOf(d.error);
      return {
        name: d.kind === 'notification' ? 'Notification' : 'Request',
        operation: d['mcp.method.name'],
        status,
        severity: severityOfOutcome(status),
        request: { uid: d['jsonrpc.request.id'], data: d.params },
        response: { ...rpcError(d.error), data: d.result },
        durationMs: d.duration_ms,
        rest: { kind: d.kind, sender: d.sender },
      };
    }
    case 'rpc.cancelled': {
      const d = event.data;
      return {
        name: 'Request Cancelled',
        operation: 'notifications/cancelled',
        status: API_STATUS.unknown,
        request: { uid: d['jsonrpc.request.id'] },
        response: { message: d.reason },
        correlation: d.call_id,
        rest: { sender: d.sender, call_id: d.call_id },
      };
    }
    case 'rpc.unmatched':
      return {
        name: 'Unmatched Message',
        operation: event.type,
        status: API_STATUS.unknown,
        request: { uid: event.data['jsonrpc.request.id'] },
        rest: omit(event.data, ['jsonrpc.request.id']),
      };
    case 'policy.evaluated': {
      const d = event.data;
      const tool = d['gen_ai.tool.name'];
      const decided = {
        allow: { status: API_STATUS.success, severity: SEVERITY.informational },
        deny: { status: API_STATUS.failure, severity: SEVERITY.medium },
        require_approval: { status: API_STATUS.unknown, severity: SEVERITY.low },
      }[d.decision];
      return {
        name: 'Policy Evaluated',
        operation: 'tools/call',
        ...decided,
        request: { uid: d.call_id },
        response: { message: d.decision },
        resources: [{ type: TOOL, name: tool }],
        correlation: d.call_id,
        subject: `${tool} ${d.decision}`,
        rest: omit(d, ['call_id', 'gen_ai.tool.name']),
      };
    }
    case 'approval.requested': {
      const d = event.data;
      const tool = d['gen_ai.tool.name'];
      return {
        name: 'Approval Requested',
        operation: 'tools/call',
        status: API_STATUS.unknown,
        severity: SEVERITY.low,
        request: { uid: d.call_id },
        resources: [{ type: TOOL, name: tool }],
        correlation: d.call_id,
        subject: tool,
        rest: omit(d, ['call_id', 'gen_ai.tool.name']),
      };
    }
    case 'approval.decided': {
      const d = event.data;
      return {
        name: 'Approval Decided',
        operation: event.type,
        status: d.decision === 'approved' ? API_STATUS.success : API_STATUS.failure,
        request: { uid: d.approval_id },
        response: { message: d.decision },
        reviewer: d.reviewer ? { uid: d.reviewer.id, name: d.reviewer.name } : undefined,
        subject: d.decision,
        rest: omit(d, ['approval_id']),
      };
    }
    case 'finding.raised': {
      const d = event.data;
      return {
        name: 'Finding Raised',
        operation: event.type,
        status: API_STATUS.success,
        severity: severityOf(d.severity),
        correlation: d.call_id,
        subject: d.kind,
        rest: { ...d },
      };
    }
  }
}

/**
 * One OCSF API Activity (6003) record for one stored ledger event, of any type: 1.8.0 by
 * default; with `ocsfVersion: '1.9.0-dev'` also the `record_integrity` profile, i.e. the
 * event's place in its session's hash chain (record-integrity.ts), whose `prev_event` needs
 * `previousEventId`. `metadata.uid` is the event id (consumers dedupe on it); arguments,
 * results and contents are copied as stored, i.e. as the emitter already redacted them.
 * Deterministic: the same event (and predecessor id) always gives the same record.
 *
 * @example
 * const record = toApiActivity(event, { productVersion: '0.1.0' });
 * producer.send({ topic: TOPICS.ocsf, key: event.session_id, value: JSON.stringify(record) });
 * const chained = toApiActivity(event, { ocsfVersion: '1.9.0-dev', previousEventId: predecessor.id });
 */
export function toApiActivity(event: LedgerEvent, options: ApiActivityOptions = {}): OcsfApiActivity {
  const version = options.ocsfVersion ?? OCSF_VERSION;
  const integrity = hasRecordIntegrity(version);
  const mapped = mapPayload(event);
  const activityId = mapped.read ? API_ACTIVITY_ID.read : API_ACTIVITY_ID.other;
  const severity = mapped.severity ?? SEVERITY.informational;
  const { source } = event;
  const server = source.server;
  const appName = source.agent ?? source.client?.name;
  const service = server ? { name: server.name, version: server.version } : undefined;
  const messageContext =
    mapped.aiContext && service
      ? {
          uid: event.session_id,
          ...(mapped.aiContext === 'tool' ? { ai_role_id: AI_ROLE_TOOL.id, ai_role: AI_ROLE_TOOL.caption } : {}),
          service,
        }
      : undefined;
  const sessionStarted = event.type === 'session.started' ? event.data : undefined;
  const requestUid = mapped.request?.uid;
  const request = requestUid === undefined ? undefined : { uid: requestUid, data: mapped.request?.data };
  const profiles = [...(messageContext ? [AI_OPERATION_PROFILE] : []), ...(integrity ? [RECORD_INTEGRITY_PROFILE] : [])];
  const record: OcsfApiActivity = {
    activity_id: activityId,
    activity_name: mapped.name,
    category_uid: API_ACTIVITY.categoryUid,
    category_name: API_ACTIVITY.categoryName,
    class_uid: API_ACTIVITY.classUid,
    class_name: API_ACTIVITY.className,
    type_uid: API_ACTIVITY.classUid * 100 + activityId,
    type_name: `${API_ACTIVITY.className}: ${mapped.name}`,
    severity_id: severity.id,
    severity: severity.caption,
    status_id: mapped.status.id,
    status: mapped.status.caption,
    time: Date.parse(event.time),
    message: [event.type, mapped.subject].filter(Boolean).join(' '),
    metadata: {
      uid: event.id,
      version,
      product: productOf(options),
      profiles: profiles.length > 0 ? profiles : undefined,
      tenant_uid: event.tenant,
      correlation_uid: mapped.correlation,
      event_code: event.type,
      sequence: event.seq,
      original_time: event.time,
    },
    actor: {
      session: { uid: event.session_id, uid_alt: sessionStarted?.['mcp.session.id'] },
      app_name: appName,
      ...(mapped.reviewer ? { user: mapped.reviewer } : {}),
    },
    api: {
      operation: mapped.operation,
      version: sessionStarted?.['mcp.protocol.version'],
      service,
      request,
      response: mapped.response,
    },
    src_endpoint: { hostname: source.host, name: appName ?? source.kind },
    dst_endpoint: server ? { svc_name: server.name } : undefined,
    duration: mapped.durationMs === undefined ? undefined : Math.round(mapped.durationMs),
    resources: mapped.resources,
    message_context: messageContext,
    attestation_list: integrity ? [attestationOf(event, options.previousEventId)] : undefined,
    unmapped: {
      ledger: {
        specversion: event.specversion,
        type: event.type,
        seq: event.seq,
        hash: event.hash,
        prev_hash: event.prev_hash,
        source,
        traceparent: event.traceparent,
        tracestate: event.tracestate,
        // A request without an id still has its data: keep it rather than drop it.
        request_data: request === undefined ? mapped.request?.data : undefined,
      },
      data: Object.keys(mapped.rest).length > 0 ? mapped.rest : undefined,
    },
  };
  return compact(record);
}
