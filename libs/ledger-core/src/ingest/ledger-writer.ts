import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent } from '@mcp-ledger/events';
import { PROJECTION_TABLES, projectEvents, toEventRow } from '@mcp-ledger/projections';
import { LEDGER_DATABASE } from '../database/database.module';

export interface WriteResult {
  /** Events of the request that are now stored (newly, or already before). */
  accepted: number;
  /** Of those, how many were stored already or repeated within the request. */
  duplicates: number;
}

interface PendingWrite {
  events: readonly LedgerEvent[];
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
}

/** Cap on events committed together, so one huge backlog does not become one huge insert. */
const MAX_EVENTS_PER_COMMIT = 20_000;

/**
 * The embedded ledger's in-process log: every accepted batch is committed here, one commit
 * at a time, coalescing the requests that arrived meanwhile into one bulk write.
 *
 * Commit order matters for "nothing acknowledged is lost": projections are written first
 * (they are idempotent), the `events` rows last. If the process dies in between, the client
 * got no 202, retries, and the retry finds its events missing from `events`, so it stores
 * them; re-projected rows merge into the same values.
 */
@Injectable()
export class LedgerWriter {
  private readonly logger = new Logger(LedgerWriter.name);
  private readonly queue: PendingWrite[] = [];
  private draining = false;

  constructor(@Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase) {}

  /** Resolves once the events are durably stored; rejects if the commit failed. */
  write(events: readonly LedgerEvent[]): Promise<WriteResult> {
    return new Promise<WriteResult>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          const results = await this.commit(batch);
          batch.forEach((pending, i) => pending.resolve(results[i]!));
        } catch (error) {
          this.logger.error(`commit of ${batch.length} request(s) failed: ${(error as Error).message}`);
          batch.forEach((pending) => pending.reject(error));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private takeBatch(): PendingWrite[] {
    const batch: PendingWrite[] = [];
    let events = 0;
    while (this.queue.length > 0 && (batch.length === 0 || events + this.queue[0]!.events.length <= MAX_EVENTS_PER_COMMIT)) {
      const next = this.queue.shift()!;
      events += next.events.length;
      batch.push(next);
    }
    return batch;
  }

  private async commit(batch: readonly PendingWrite[]): Promise<WriteResult[]> {
    const unique = new Map<string, LedgerEvent>();
    for (const { events } of batch) for (const event of events) if (!unique.has(event.id)) unique.set(event.id, event);
    const events = [...unique.values()];

    const rows = projectEvents(events);
    for (const table of PROJECTION_TABLES) await this.db.insert(table, rows[table]);

    const stored = await this.storedIds(events);
    await this.db.insert('events', events.filter((event) => !stored.has(event.id)).map(toEventRow));

    const seen = new Set<string>();
    return batch.map(({ events: requestEvents }) => {
      let duplicates = 0;
      for (const event of requestEvents) {
        if (stored.has(event.id) || seen.has(event.id)) duplicates += 1;
        seen.add(event.id);
      }
      return { accepted: requestEvents.length, duplicates };
    });
  }

  /** Ids of these events already in the store: a keyed lookup on (tenant, id). */
  private async storedIds(events: readonly LedgerEvent[]): Promise<Set<string>> {
    const idsByTenant = new Map<string, string[]>();
    for (const event of events) {
      const ids = idsByTenant.get(event.tenant) ?? [];
      ids.push(event.id);
      idsByTenant.set(event.tenant, ids);
    }
    const stored = new Set<string>();
    for (const [tenant, ids] of idsByTenant) {
      const rows = await this.db.query<{ id: string }>(
        'SELECT id FROM events WHERE tenant = {tenant:String} AND id IN {ids:Array(String)}',
        { tenant, ids },
      );
      for (const row of rows) stored.add(row.id);
    }
    return stored;
  }
}
