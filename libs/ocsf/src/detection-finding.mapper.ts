import { compact } from './compact';
import { DETECTION_FINDING, OCSF_VERSION, severityOf } from './ocsf.constants';
import type { OcsfDetectionFinding, OcsfOptions } from './ocsf-record.types';
import { productOf } from './product';
import type { FindingRow } from '@mcp-ledger/projections';

/**
 * A row of the `findings` read model (deploy/clickhouse/migrations/0006) as read back:
 * `evidence` is its canonical JSON text, `raised_at` ClickHouse `DateTime64(3, 'UTC')`
 * text (`2026-11-25 10:00:00.000`) or ISO-8601, `call_id` empty when not about a call.
 */
export type LedgerFinding = FindingRow;

/** Captions for the kinds docs/findings.md lists; an unknown kind is shown as it is named. */
const TITLES: Record<string, string> = {
  injection_suspected: 'Prompt injection suspected',
  tool_poisoning: 'Tool poisoning',
  tool_definition_changed: 'Tool definition changed after use',
  policy_violation: 'Policy violation',
  sensitive_data_egress: 'Sensitive data egress',
};

/** Detection Finding: activity Create, status New; analytic type 1 = Rule (the ledger's analysers are deterministic rules). */
const CREATE = { id: 1, caption: 'Create' } as const;
const STATUS_NEW = { id: 1, caption: 'New' } as const;
const ANALYTIC_RULE = { id: 1, caption: 'Rule' } as const;

/** Epoch milliseconds of ClickHouse UTC time text or ISO-8601 text. */
export function epochMillis(time: string): number {
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(time) ? `${time.replace(' ', 'T')}Z` : time;
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) throw new RangeError(`not a time: ${JSON.stringify(time)}`);
  return millis;
}

function parseEvidence(evidence: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(evidence);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    // Stored evidence is always canonical JSON; keep anything else verbatim rather than lose it.
    return { text: evidence };
  }
}

const stringOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * One OCSF Detection Finding (2004) for one finding row, in the version asked for (1.8.0 by
 * default). `metadata.uid` and `finding_info.uid` are the finding id, which derives from
 * what the finding is about, so a replay gives the same record. The evidence object is
 * copied as stored: it names arguments, kinds and counts, never secret values.
 * In 1.9.0-dev it has no `record_integrity` attestation: a finding is a derived row, in no
 * hash chain and with no digest of its own that anyone could check, and the fingerprint of
 * the event it is about belongs to that event's record, not to this one.
 *
 * @example
 * const record = toDetectionFinding(row, { productVersion: '0.1.0' });
 */
export function toDetectionFinding(finding: LedgerFinding, options: OcsfOptions = {}): OcsfDetectionFinding {
  const severity = severityOf(finding.severity);
  const raisedAt = epochMillis(finding.raised_at);
  const evidence = parseEvidence(finding.evidence);
  const callId = stringOf(finding.call_id);
  const server = stringOf(evidence['server']);
  const tool = stringOf(evidence['tool']);
  const resources = [
    ...(server ? [{ name: server, type: 'MCP Server' }] : []),
    ...(tool ? [{ name: tool, type: 'MCP Tool' }] : []),
  ];
  const record: OcsfDetectionFinding = {
    activity_id: CREATE.id,
    activity_name: CREATE.caption,
    category_uid: DETECTION_FINDING.categoryUid,
    category_name: DETECTION_FINDING.categoryName,
    class_uid: DETECTION_FINDING.classUid,
    class_name: DETECTION_FINDING.className,
    type_uid: DETECTION_FINDING.classUid * 100 + CREATE.id,
    type_name: `${DETECTION_FINDING.className}: ${CREATE.caption}`,
    severity_id: severity.id,
    severity: severity.caption,
    status_id: STATUS_NEW.id,
    status: STATUS_NEW.caption,
    time: raisedAt,
    message: finding.summary,
    metadata: {
      uid: finding.finding_id,
      version: options.ocsfVersion ?? OCSF_VERSION,
      product: productOf(options),
      tenant_uid: finding.tenant,
      correlation_uid: callId,
      event_code: finding.kind,
    },
    finding_info: {
      uid: finding.finding_id,
      title: TITLES[finding.kind] ?? finding.kind,
      desc: finding.summary,
      types: [finding.kind],
      analytic: { type_id: ANALYTIC_RULE.id, type: ANALYTIC_RULE.caption, uid: finding.kind, name: finding.kind },
      created_time: raisedAt,
    },
    evidences: [
      {
        actor: { session: { uid: finding.session_id } },
        ...(callId ? { api: { operation: 'tools/call', request: { uid: callId } } } : {}),
        data: evidence,
      },
    ],
    resources: resources.length > 0 ? resources : undefined,
    unmapped: { ledger: { session_id: finding.session_id, call_id: callId, severity: finding.severity } },
  };
  return compact(record);
}
