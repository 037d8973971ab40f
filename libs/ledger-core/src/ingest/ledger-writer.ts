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
          const results = await this.commit(batch);
          batch.forEach((pending, i) => pending.resolve(results[i]!));
        } catch (error) {
          this.logger.error(`commit of ${batch.length} request(s) failed: ${(error as Error).message}`);
          if (batch.length === 1) batch[0]!.reject(error);
          // One request's bad value must not fail the others it was coalesced with: commit them one by one.
          else await this.commitEachAlone(batch);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async commitEachAlone(batch: readonly PendingWrite[]): Promise<void> {
    for (const pending of batch) {
      try {
        pending.resolve((await this.commit([pending]))[0]!);
      } catch (error) {
        pending.reject(error);
      }
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
    const stored = await this.store.commit(batch.flatMap((pending) => pending.events));
    const seen = new Set<string>();
    return batch.map(({ events }) => {
      let duplicates = 0;
      for (const event of events) {
        if (stored.has(event.id) || seen.has(event.id)) duplicates += 1;
        seen.add(event.id);
      }
      return { accepted: events.length, duplicates };
    });
  }
}
