import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent } from '@mcp-ledger/events';
import { toApiActivity, toDetectionFinding, type LedgerFinding, type OcsfOptions } from '@mcp-ledger/ocsf';
import { toClickHouseTime } from '@mcp-ledger/projections';
import { LEDGER_DATABASE } from '../database/database.module';
import { DEFAULT_SETTLE_MS, EXPORT_OPTIONS, type ExportOptions } from './export-options';
import { ExportPageQuery, type ExportPage } from './export-page.query';

interface StoredEventRow {
  id: string;
  payload: string;
  at: string;
}

/**
 * Reads one page of the export: events after the cursor's position in ingest order
 * `(ingested_at, id)`, so events of old sessions that arrive late come after the cursor and
 * are never skipped. In `ocsf`, each event is followed by the findings about it (same
 * session, raised at that event's time).
 */
@QueryHandler(ExportPageQuery)
export class ExportPageHandler implements IQueryHandler<ExportPageQuery, ExportPage> {
  private readonly settleMs: number;
  private readonly ocsf: OcsfOptions;

  constructor(
    @Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase,
    @Inject(EXPORT_OPTIONS) options: ExportOptions,
  ) {
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.ocsf = { productVersion: options.productVersion };
  }

  async execute({ tenant, params }: ExportPageQuery): Promise<ExportPage> {
    const rows = await this.db.query<StoredEventRow>(
      `SELECT id, payload, toString(ingested_at) AS at
         FROM events FINAL
        WHERE tenant = {tenant:String}
          AND (ingested_at, id) > (toDateTime64({at:String}, 3, 'UTC'), {id:String})
          AND ingested_at <= now64(3) - toIntervalMillisecond({settle:UInt32})
        ORDER BY ingested_at, id
        LIMIT {limit:UInt32}`,
      { tenant, at: params.after.at, id: params.after.id, settle: this.settleMs, limit: params.limit },
    );
    const last = rows.at(-1);
    const page = { next: last ? { at: last.at, id: last.id } : params.after, hasMore: rows.length === params.limit, events: rows.length };
    if (params.format === 'ndjson') return { ...page, lines: rows.map((row) => row.payload), findings: 0 };

    const events = rows.map((row) => JSON.parse(row.payload) as LedgerEvent);
    const findingsByMoment = await this.findingsAbout(tenant, events);
    const lines: string[] = [];
    const emitted = new Set<string>();
    for (const event of events) {
      lines.push(JSON.stringify(toApiActivity(event, this.ocsf)));
      for (const finding of findingsByMoment.get(momentKey(event.session_id, toClickHouseTime(event.time))) ?? []) {
        if (emitted.has(finding.finding_id)) continue;
        emitted.add(finding.finding_id);
        lines.push(JSON.stringify(toDetectionFinding(finding, this.ocsf)));
      }
    }
    return { ...page, lines, findings: emitted.size };
  }

  /** Findings of these events' sessions raised at one of these events' times, by (session, time). */
  private async findingsAbout(tenant: string, events: readonly LedgerEvent[]): Promise<Map<string, LedgerFinding[]>> {
    const byMoment = new Map<string, LedgerFinding[]>();
    if (events.length === 0) return byMoment;
    const times = events.map((event) => toClickHouseTime(event.time)).sort();
    const rows = await this.db.query<LedgerFinding>(
      `SELECT tenant, finding_id, kind, severity, summary, evidence, session_id, call_id, toString(raised_at) AS raised_at
         FROM findings FINAL
        WHERE tenant = {tenant:String}
          AND session_id IN {sessions:Array(String)}
          AND raised_at BETWEEN toDateTime64({from:String}, 3, 'UTC') AND toDateTime64({to:String}, 3, 'UTC')
        ORDER BY finding_id`,
      { tenant, sessions: [...new Set(events.map((event) => event.session_id))], from: times[0], to: times.at(-1) },
    );
    for (const row of rows) {
      const key = momentKey(row.session_id, row.raised_at);
      byMoment.set(key, [...(byMoment.get(key) ?? []), row]);
    }
    return byMoment;
  }
}

const momentKey = (sessionId: string, time: string) => `${sessionId}\u0000${time}`;
