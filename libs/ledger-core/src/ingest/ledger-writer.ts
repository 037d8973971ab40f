import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent } from '@mcp-ledger/events';
import { LEDGER_DATABASE } from '../database/database.module';
import type { EventRecorder, WriteResult } from './event-recorder';
import { EventStoreWriter } from './event-store.writer';

interface PendingWrite {
  events: readonly LedgerEvent[];
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
}

/** Cap on events committed together, so one huge backlog does not become one huge insert. */
const MAX_EVENTS_PER_COMMIT = 20_000;

/**
 * The embedded ledger's in-process log: every accepted batch is committed here, one commit
 * at a time, coalescing the requests that arrived meanwhile into one bulk write
 * (see EventStoreWriter for the commit itself).
 */
@Injectable()
export class LedgerWriter implements EventRecorder {
  private readonly logger = new Logger(LedgerWriter.name);
  private readonly queue: PendingWrite[] = [];
  private draining = false;

  constructor(
    private readonly store: EventStoreWriter,
    @Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase,
  ) {}

  async health(): Promise<{ ok: boolean; target: string }> {
    return { ok: await this.db.ping(), target: this.db.describe() };
  }

  /** Resolves once the events are durably stored; rejects if the commit failed. */
  record(events: readonly LedgerEvent[]): Promise<WriteResult> {
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
          await this.commit(batch);
        } catch (error) {
          this.logger.error(`commit of ${batch.length} request(s) failed: ${(error as Error).message}`);
          // One request's bad value must not fail the others it was coalesced with: commit them one by one.
          if (batch.length > 1) await this.commitEachAlone(batch);
          else batch.forEach((pending) => pending.reject(error));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async commitEachAlone(batch: readonly PendingWrite[]): Promise<void> {
    for (const pending of batch) {
      try {
        await this.commit([pending]);
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  private takeBatch(): PendingWrite[] {
    const batch: PendingWrite[] = [];
    let events = 0;
    for (let next = this.queue[0]; next !== undefined; next = this.queue[0]) {
      if (batch.length > 0 && events + next.events.length > MAX_EVENTS_PER_COMMIT) break;
      this.queue.shift();
      events += next.events.length;
      batch.push(next);
    }
    return batch;
  }

  /** One write for the whole batch; then each request learns how many of its events were already stored. */
  private async commit(batch: readonly PendingWrite[]): Promise<void> {
    const stored = await this.store.commit(batch.flatMap((pending) => pending.events));
    const seen = new Set<string>();
    for (const { events, resolve } of batch) {
      let duplicates = 0;
      for (const event of events) {
        if (stored.has(event.id) || seen.has(event.id)) duplicates += 1;
        seen.add(event.id);
      }
      resolve({ accepted: events.length, duplicates });
    }
  }
}
