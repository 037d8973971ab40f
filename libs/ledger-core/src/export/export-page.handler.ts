import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent } from '@mcp-ledger/events';
import type { OcsfOptions } from '@mcp-ledger/ocsf';
import { LEDGER_DATABASE } from '../database/database.module';
import { DEFAULT_SETTLE_MS, EXPORT_OPTIONS, type ExportOptions } from './export-options';
import { ExportPageQuery, type ExportPage } from './export-page.query';
import { ocsfRecordsOf } from './ocsf-records';

interface StoredEventRow {
  id: string;
  payload: string;
  at: string;
}

/**
 * Reads one page of the export: events after the cursor's position in ingest order
 * `(ingested_at, id)`, so events of old sessions that arrive late come after the cursor and
 * are never skipped. In `ocsf`, each event is followed by the findings about it, in the OCSF
 * version asked for (ocsf-records.ts).
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
    const records = await ocsfRecordsOf(this.db, events, { ...this.ocsf, ocsfVersion: params.ocsfVersion });
    return { ...page, lines: records.map((record) => record.line), findings: records.length - rows.length };
  }
}
