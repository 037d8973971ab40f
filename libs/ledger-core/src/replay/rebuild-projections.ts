import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { parseLedgerEvent, type LedgerEvent } from '@mcp-ledger/events';
import { PROJECTION_TABLES, projectEvents } from '@mcp-ledger/projections';

export interface RebuildProgress {
  events: number;
}

export interface RebuildResult {
  events: number;
  /** Stored events that no longer validate (should be none; reported, never guessed at). */
  invalid: { id: string; reason: string }[];
}

/**
 * Rebuilds every projection table from the event store: empties them, then re-projects
 * the `events` table page by page with the same pure code the ingest uses. Because rows
 * are a deterministic function of the events, the tables come back identical.
 * Run it with the ledger stopped (or paused): events ingested meanwhile would be projected
 * twice, which is harmless, but a query during the rebuild sees partial tables.
 */
export async function rebuildProjections(
  db: LedgerDatabase,
  { pageSize = 10_000, onProgress }: { pageSize?: number; onProgress?: (progress: RebuildProgress) => void } = {},
): Promise<RebuildResult> {
  // Table names are constants of the projections library, never input.
  for (const table of PROJECTION_TABLES) await db.command(`TRUNCATE TABLE ${table}`);
  const result: RebuildResult = { events: 0, invalid: [] };
  let after = { tenant: '', id: '' };
  for (;;) {
    const rows = await db.query<{ tenant: string; id: string; payload: string }>(
      `SELECT tenant, id, payload FROM events FINAL
       WHERE (tenant, id) > ({afterTenant:String}, {afterId:String})
       ORDER BY tenant, id LIMIT {limit:UInt32}`,
      { afterTenant: after.tenant, afterId: after.id, limit: pageSize },
    );
    if (rows.length === 0) break;
    const events: LedgerEvent[] = [];
    for (const row of rows) {
      const parsed = parseLedgerEvent(JSON.parse(row.payload));
      if (parsed.ok) events.push(parsed.event);
      else result.invalid.push({ id: row.id, reason: parsed.rejection.message });
    }
    const projected = projectEvents(events);
    for (const table of PROJECTION_TABLES) await db.insert(table, projected[table]);
    result.events += events.length;
    onProgress?.({ events: result.events });
    const last = rows.at(-1)!;
    after = { tenant: last.tenant, id: last.id };
  }
  return result;
}
