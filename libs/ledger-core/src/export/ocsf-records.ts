import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent } from '@mcp-ledger/events';
import { hasRecordIntegrity, OCSF_VERSION, toApiActivity, toDetectionFinding, type LedgerFinding, type OcsfOptions } from '@mcp-ledger/ocsf';
import { toClickHouseTime } from '@mcp-ledger/projections';
import { predecessorIds } from './predecessor-ids';

/** One OCSF record as a line, with what a Kafka message or a dedupe needs. */
export interface OcsfLine {
  tenant: string;
  sessionId: string;
  /** `metadata.uid`: the event id or the finding id. */
  uid: string;
  line: string;
}

const momentKey = (tenant: string, sessionId: string, time: string) => `${tenant}\u0000${sessionId}\u0000${time}`;

/**
 * Findings about these events: every analyser raises a finding at the time of the event
 * it is about, in that event's session, so (tenant, session, raised_at = event time) finds
 * them. Tenant-scoped queries, one per tenant of the events.
 */
async function findingsAbout(db: LedgerDatabase, events: readonly LedgerEvent[]): Promise<Map<string, LedgerFinding[]>> {
  const byMoment = new Map<string, LedgerFinding[]>();
  const byTenant = new Map<string, LedgerEvent[]>();
  for (const event of events) byTenant.set(event.tenant, [...(byTenant.get(event.tenant) ?? []), event]);
  for (const [tenant, ofTenant] of byTenant) {
    const times = ofTenant.map((event) => toClickHouseTime(event.time)).sort();
    const rows = await db.query<Omit<LedgerFinding, 'raised_at'> & { raised: string }>(
      `SELECT tenant, finding_id, kind, severity, summary, evidence, session_id, call_id, toString(raised_at) AS raised
         FROM findings FINAL
        WHERE tenant = {tenant:String}
          AND session_id IN {sessions:Array(String)}
          AND raised_at BETWEEN toDateTime64({from:String}, 3, 'UTC') AND toDateTime64({to:String}, 3, 'UTC')
        ORDER BY finding_id`,
      { tenant, sessions: [...new Set(ofTenant.map((event) => event.session_id))], from: times[0], to: times.at(-1) },
    );
    for (const { raised, ...row } of rows) {
      const key = momentKey(tenant, row.session_id, raised);
      byMoment.set(key, [...(byMoment.get(key) ?? []), { ...row, raised_at: raised }]);
    }
  }
  return byMoment;
}

/**
 * The OCSF records of stored events, in their order: each event's API Activity (6003),
 * followed by the Detection Findings (2004) about it, each finding once. Used by the export
 * (`format=ocsf`) and by the projector's OCSF topic, so both say the same. In 1.9.0-dev the
 * API Activity records link to their predecessors by id, read from the store
 * (predecessor-ids.ts): a predecessor not stored yet leaves that record without `prev_event`.
 */
export async function ocsfRecordsOf(db: LedgerDatabase, events: readonly LedgerEvent[], options: OcsfOptions = {}): Promise<OcsfLine[]> {
  if (events.length === 0) return [];
  const findings = await findingsAbout(db, events);
  const predecessors = hasRecordIntegrity(options.ocsfVersion ?? OCSF_VERSION) ? await predecessorIds(db, events) : new Map<string, string>();
  const lines: OcsfLine[] = [];
  const emitted = new Set<string>();
  for (const event of events) {
    const record = toApiActivity(event, { ...options, previousEventId: predecessors.get(event.id) });
    lines.push({ tenant: event.tenant, sessionId: event.session_id, uid: event.id, line: JSON.stringify(record) });
    for (const finding of findings.get(momentKey(event.tenant, event.session_id, toClickHouseTime(event.time))) ?? []) {
      if (emitted.has(finding.finding_id)) continue;
      emitted.add(finding.finding_id);
      lines.push({ tenant: event.tenant, sessionId: event.session_id, uid: finding.finding_id, line: JSON.stringify(toDetectionFinding(finding, options)) });
    }
  }
  return lines;
}
