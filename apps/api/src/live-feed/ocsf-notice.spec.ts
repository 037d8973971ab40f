import { describe, expect, it } from 'vitest';
import { toDetectionFinding } from '@mcp-ledger/ocsf';
import { ocsfNotice } from './ocsf-notice';

const finding = toDetectionFinding({
  tenant: 'acme',
  finding_id: 'f-1',
  kind: 'sensitive_data_egress',
  severity: 'high',
  summary: 'a secret left through send_email',
  evidence: '{"tool":"send_email"}',
  session_id: 's-1',
  call_id: 'call-1',
  raised_at: '2026-11-25 10:00:00.000',
});

const activity = (eventCode: string, data?: Record<string, unknown>) => ({
  class_uid: 6003,
  metadata: { uid: 'e-1', tenant_uid: 'acme', event_code: eventCode },
  ...(data ? { unmapped: { data } } : {}),
});

describe('ocsfNotice', () => {
  it('makes a Detection Finding a finding notice of its tenant, keyed by the finding id', () => {
    expect(ocsfNotice(JSON.stringify(finding))).toEqual({ notice: { kind: 'finding', tenant: 'acme', findingId: 'f-1', uid: 'f-1' } });
  });

  it('reads a 1.9.0-dev record (LEDGER_OCSF_VERSION on the projector) the same way', () => {
    const finding19 = toDetectionFinding(
      { tenant: 'acme', finding_id: 'f-2', kind: 'tool_poisoning', severity: 'high', summary: 's', evidence: '{}', session_id: 's-1', call_id: '', raised_at: '2026-11-25 10:00:00.000' },
      { ocsfVersion: '1.9.0-dev' },
    );
    expect(ocsfNotice(JSON.stringify(finding19))).toEqual({ notice: { kind: 'finding', tenant: 'acme', findingId: 'f-2', uid: 'f-2' } });
  });

  it('makes the API Activity of approval.requested an approval notice, and skips every other event', () => {
    expect(ocsfNotice(Buffer.from(JSON.stringify(activity('approval.requested', { approval_id: 'ap-1', call_hash: 'sha256:x' }))))).toEqual({
      notice: { kind: 'approval', tenant: 'acme', approvalId: 'ap-1', uid: 'e-1' },
    });
    expect(ocsfNotice(JSON.stringify(activity('tool_call.requested')))).toEqual({ skip: 'event tool_call.requested is no notice' });
    expect(ocsfNotice(JSON.stringify(activity('approval.requested')))).toMatchObject({ skip: expect.stringContaining('without unmapped.data.approval_id') });
  });

  it('skips what is not a record it can attribute to a tenant', () => {
    expect(ocsfNotice('{not json')).toMatchObject({ skip: expect.stringMatching(/^not JSON/) });
    expect(ocsfNotice('[]')).toEqual({ skip: 'not an OCSF record (no metadata)' });
    expect(ocsfNotice(JSON.stringify({ ...finding, metadata: { ...finding.metadata, tenant_uid: '' } }))).toEqual({ skip: 'metadata.uid or metadata.tenant_uid missing' });
    expect(ocsfNotice(JSON.stringify({ ...finding, class_uid: 3002 }))).toEqual({ skip: 'class_uid 3002 is no notice' });
  });
});
