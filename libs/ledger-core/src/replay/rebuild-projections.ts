import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { parseLedgerEvent, type LedgerEvent } from '@mcp-ledger/events';
import type { Policy } from '@mcp-ledger/policy';
import { PROJECTION_TABLES, projectEvents, type FindingRow } from '@mcp-ledger/projections';
import { EgressAnalyser } from '../governance/egress.analyser';
import { UnapprovedHighRiskAnalyser } from '../governance/unapproved-high-risk.analyser';
import { PolicyViolationAnalyser } from '../governance/policy-violation.analyser';
import { InventoryAnalyser } from '../inventory/inventory.analyser';
import { ProvenanceAnalyser } from '../provenance/provenance.analyser';
import { parseRecord } from '../redaction/ledger-redacted-chain';
import { secretInClearFinding } from '../redaction/secret-in-clear.finding';

export interface RebuildProgress {
  phase: 'projections' | 'provenance';
  events: number;
}

export interface RebuildResult {
  events: number;
  sessions: number;
  /** Stored events that no longer validate (should be none; reported, never guessed at). */
  invalid: { id: string; reason: string }[];
}

/** Derived from events by the provenance step; the MV fills provenance_edges_by_content. */
const PROVENANCE_DERIVED = ['provenance_edges', 'provenance_edges_by_content', 'findings'] as const;

/** `secret_in_clear` again, from what the ledger recorded when it masked an event at ingest. */
function secretsMaskedAtIngest(rows: readonly { id: string; ledger_redaction: string }[], events: readonly LedgerEvent[]): FindingRow[] {
  const byId = new Map(events.map((event) => [event.id, event]));
  return rows.flatMap((row) => {
    const record = row.ledger_redaction === '' ? undefined : parseRecord(row.ledger_redaction);
    const event = byId.get(row.id);
    return record && event ? [secretInClearFinding(event, record)] : [];
  });
}

function decode(rows: { id: string; payload: string }[], invalid: RebuildResult['invalid']): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  for (const row of rows) {
    const parsed = parseLedgerEvent(JSON.parse(row.payload));
    if (parsed.ok) events.push(parsed.event);
    else invalid.push({ id: row.id, reason: parsed.rejection.message });
  }
  return events;
}

/**
 * Rebuilds every read model from the event store: empties them, re-projects the `events`
 * table page by page with the same pure code the ingest uses, then re-runs the provenance
 * analysers session by session, in seq order: provenance, inventory, and — the same as
 * the write path — post-hoc policy violations (when `policy` is given: pass the policy
 * the ledger runs with, or findings under it are not raised again) and sensitive-data
 * egress. Rows are a deterministic function of the events (and the policy), so the
 * tables come back identical. Run it with the ledger stopped.
 */
export async function rebuildProjections(
  db: LedgerDatabase,
  {
    pageSize = 10_000,
    sessionsPerPage = 500,
    onProgress,
    policy,
  }: { pageSize?: number; sessionsPerPage?: number; onProgress?: (progress: RebuildProgress) => void; policy?: Policy } = {},
): Promise<RebuildResult> {
  // Table names are constants of this code, never input.
  for (const table of [...PROJECTION_TABLES, ...PROVENANCE_DERIVED]) await db.command(`TRUNCATE TABLE ${table}`);
  const result: RebuildResult = { events: 0, sessions: 0, invalid: [] };

  let after = { tenant: '', id: '' };
  for (;;) {
    const rows = await db.query<{ tenant: string; id: string; payload: string }>(
      `SELECT tenant, id, payload FROM events FINAL
       WHERE (tenant, id) > ({afterTenant:String}, {afterId:String})
       ORDER BY tenant, id LIMIT {limit:UInt32}`,
      { afterTenant: after.tenant, afterId: after.id, limit: pageSize },
    );
    if (rows.length === 0) break;
    const projected = projectEvents(decode(rows, result.invalid));
    for (const table of PROJECTION_TABLES) await db.insert(table, projected[table]);
    result.events += rows.length;
    onProgress?.({ phase: 'projections', events: result.events });
    const last = rows.at(-1)!;
    after = { tenant: last.tenant, id: last.id };
  }

  const analyser = new ProvenanceAnalyser(db);
  const inventory = new InventoryAnalyser(db);
  const policyViolations = new PolicyViolationAnalyser(db, policy ?? null);
  const egress = new EgressAnalyser(db);
  const unapprovedHighRisk = new UnapprovedHighRiskAnalyser(db);
  let analysed = 0;
  let afterSession = { tenant: '', session: '' };
  for (;;) {
    const sessions = await db.query<{ tenant: string; session_id: string }>(
      `SELECT tenant, session_id FROM sessions FINAL
       WHERE (tenant, session_id) > ({afterTenant:String}, {afterSession:String})
       ORDER BY tenant, session_id LIMIT {limit:UInt32}`,
      { afterTenant: afterSession.tenant, afterSession: afterSession.session, limit: sessionsPerPage },
    );
    if (sessions.length === 0) break;
    for (const tenant of new Set(sessions.map((s) => s.tenant))) {
      const rows = await db.query<{ id: string; payload: string; ledger_redaction: string }>(
        `SELECT id, payload, ledger_redaction FROM events FINAL
         WHERE tenant = {tenant:String} AND session_id IN {sessions:Array(String)}
         ORDER BY session_id, seq`,
        { tenant, sessions: sessions.filter((s) => s.tenant === tenant).map((s) => s.session_id) },
      );
      analyser.reset();
      const events = decode(rows, []);
      await analyser.analyseAndStore(events);
      await inventory.analyseAndStore(events);
      await policyViolations.analyseAndStore(events);
      await egress.analyseAndStore(events);
      await unapprovedHighRisk.analyseAndStore(events);
      await db.insert('findings', secretsMaskedAtIngest(rows, events));
      analysed += rows.length;
      onProgress?.({ phase: 'provenance', events: analysed });
    }
    result.sessions += sessions.length;
    const last = sessions.at(-1)!;
    afterSession = { tenant: last.tenant, session: last.session_id };
  }
  return result;
}
