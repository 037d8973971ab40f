import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { LEDGER_DATABASE } from '../database/database.module';
import { signCheckpoint, type CheckpointKey, type SignedCheckpoint } from './checkpoint';
import { sessionHeads } from './session-heads.query';

/** Injection token of the checkpoint settings (the signing key and the interval). */
export const CHECKPOINT_OPTIONS = Symbol('CHECKPOINT_OPTIONS');

export interface CheckpointOptions {
  key: CheckpointKey;
  /** Milliseconds between checkpoint rounds; 0 writes one only when the app stops. */
  intervalMs: number;
}

/** A checkpoints row: the signed checkpoint and the columns a reader filters on. */
export function checkpointRow(checkpoint: SignedCheckpoint) {
  const body = JSON.parse(checkpoint.body) as { created_at: string; previous: string | null; sessions: number; events: number; heads_digest: string; key_id: string };
  return {
    ...checkpoint,
    created_at: body.created_at,
    previous: body.previous ?? '',
    sessions: body.sessions,
    events: body.events,
    heads_digest: body.heads_digest,
    key_id: body.key_id,
  };
}

/**
 * Writes a signed checkpoint per tenant over the stored events. A tenant whose session
 * heads are unchanged since its latest checkpoint gets none, so a round over an idle
 * ledger writes nothing and two writers racing write at most one checkpoint each.
 */
@Injectable()
export class CheckpointWriter {
  private readonly logger = new Logger(CheckpointWriter.name);

  constructor(
    @Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase,
    @Inject(CHECKPOINT_OPTIONS) private readonly options: CheckpointOptions,
  ) {}

  /** One round over every tenant; resolves with the checkpoints it wrote. */
  async writeCheckpoints(now: Date = new Date()): Promise<SignedCheckpoint[]> {
    const tenants = await this.db.query<{ tenant: string }>('SELECT DISTINCT tenant FROM events ORDER BY tenant');
    const written: SignedCheckpoint[] = [];
    for (const { tenant } of tenants) {
      const heads = await sessionHeads(this.db, tenant);
      const [latest] = await this.db.query<{ digest: string; heads_digest: string }>(
        `SELECT digest, heads_digest FROM checkpoints FINAL WHERE tenant = {tenant:String}
         ORDER BY created_at DESC, digest DESC LIMIT 1`,
        { tenant },
      );
      const checkpoint = signCheckpoint({ tenant, heads, previous: latest?.digest ?? null, createdAt: now, key: this.options.key });
      if (latest && checkpointRow(checkpoint).heads_digest === latest.heads_digest) continue;
      await this.db.insert('checkpoints', [checkpointRow(checkpoint)]);
      // Logged so that the latest digest also lives outside the store (see docs/integrity.md).
      this.logger.log(`checkpoint ${checkpoint.digest} for tenant ${tenant}: ${heads.length} session(s), key ${this.options.key.keyId}`);
      written.push(checkpoint);
    }
    return written;
  }
}
