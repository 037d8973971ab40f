import { describe, expect, it } from 'vitest';
import { toApiActivity } from './api-activity.mapper';
import { toDetectionFinding } from './detection-finding.mapper';
import { sampleEvents, SAMPLE_FINDINGS } from './testing/ledger-samples';

const events = sampleEvents();
const byType = (type: string) => events.find((event) => event.type === type)!;

describe('toApiActivity', () => {
  it('puts the tool call where a SIEM looks: operation, tool, arguments as stored (still redacted), session and agent', () => {
    const record = toApiActivity(byType('tool_call.requested'));
    expect(record.api).toMatchObject({
      operation: 'tools/call',
      service: { name: 'mail', version: '2.1.0' },
      request: { uid: 'call-1', data: { name: 'send_email', arguments: { body: 'key: [REDACTED:aws_secret_access_key]' } } },
    });
    expect(record.actor).toEqual({ session: { uid: 'sess-1' }, app_name: 'mail-agent' });
    expect(record.src_endpoint).toEqual({ hostname: 'laptop-7', name: 'mail-agent' });
    expect(record.metadata).toMatchObject({ profiles: ['ai_operation'], tenant_uid: 'acme', correlation_uid: 'call-1', sequence: 6 });
    expect(record.message_context).toMatchObject({ uid: 'sess-1', ai_role_id: 3, service: { name: 'mail' } });
    expect(record.time).toBe(Date.parse(byType('tool_call.requested').time));
  });

  it('derives status and severity from the outcome', () => {
    expect(toApiActivity(byType('tool_call.completed'))).toMatchObject({ status_id: 1, severity_id: 1, duration: 13 });
    expect(toApiActivity(byType('tool_call.failed'))).toMatchObject({
      status_id: 2,
      severity_id: 2,
      api: { response: { error: '-32001', error_message: 'timed out' } },
    });
    expect(toApiActivity(byType('policy.evaluated'))).toMatchObject({ status_id: 2, severity_id: 3, message: 'policy.evaluated send_email deny' });
    expect(toApiActivity(byType('finding.raised'))).toMatchObject({ severity_id: 5 });
  });

  it('reads are Read (2); everything else is Other (99) named after the ledger type', () => {
    expect(toApiActivity(byType('resource.read'))).toMatchObject({ activity_id: 2, type_uid: 600302 });
    expect(toApiActivity(byType('session.started'))).toMatchObject({ activity_id: 99, type_uid: 600399, activity_name: 'Session Started' });
  });

  it('keeps the hash chain and source in unmapped, and has no null or undefined members outside it', () => {
    const event = byType('session.started');
    const record = toApiActivity(event);
    expect(record.unmapped?.['ledger']).toMatchObject({ hash: event.hash, prev_hash: null, seq: 0 });
    const json = JSON.stringify({ ...record, unmapped: undefined });
    expect(json).not.toContain('null');
  });

  it('is deterministic', () => {
    for (const event of events) expect(toApiActivity(event)).toEqual(toApiActivity(event));
  });
});

describe('toDetectionFinding', () => {
  it('links the finding to its session and call, with severity and the affected server and tool', () => {
    const egress = SAMPLE_FINDINGS.find((f) => f.kind === 'sensitive_data_egress')!;
    const record = toDetectionFinding(egress);
    expect(record).toMatchObject({
      severity_id: 4,
      time: Date.UTC(2026, 10, 25, 10, 0, 6),
      metadata: { uid: egress.finding_id, correlation_uid: 'call-1', tenant_uid: 'acme' },
      finding_info: { title: 'Sensitive data egress', desc: egress.summary, types: ['sensitive_data_egress'] },
      evidences: [{ actor: { session: { uid: 'sess-1' } }, api: { request: { uid: 'call-1' } } }],
      resources: [
        { name: 'mail', type: 'MCP Server' },
        { name: 'send_email', type: 'MCP Tool' },
      ],
    });
  });

  it('leaves the call out of a finding that is not about a call', () => {
    const poisoning = toDetectionFinding(SAMPLE_FINDINGS.find((f) => f.kind === 'tool_poisoning')!);
    expect(poisoning.evidences[0]).not.toHaveProperty('api');
    expect(poisoning.metadata).not.toHaveProperty('correlation_uid');
  });
});
