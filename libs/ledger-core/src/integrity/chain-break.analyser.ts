import { Inject, Injectable } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { canonicalJson, computeEventHash, hashJson, type LedgerEvent } from '@mcp-ledger/events';
import { toClickHouseTime } from '@mcp-ledger/projections';
import { LEDGER_DATABASE } from '../database/database.module';
import type { FindingRow } from '../provenance/provenance-rows';
import { findChainBreaks, type ChainBreak, type ChainLink, type IncomingLink } from './chain-links';

interface StoredLinkRow {
  id: string;
  session_id: string;
  seq: string | number;
  hash: string;
  prev_hash: string;
  time: string;
}

const SUMMARY: Record<ChainBreak['reason'], string> = {
  hash_mismatch: 'content does not match its hash',
  link_mismatch: 'does not link to the event before it',
  seq_conflict: 'a second event at the same seq',
};

/**
 * `chain_broken`: the session hash chain the emitter sealed does not hold at ingest (see
 * `findChainBreaks` for the exact rule). Runs after the batch is stored — the events are
 * evidence and are kept — and judges the batch against the stored events around it, so
 * batches may arrive out of order or twice. The finding id derives from (session, seq,
 * event id, reason) and `raised_at` is the time of the event it is about: a redelivered
 * batch or a replay rewrites the same rows.
 */
@Injectable()
export class ChainBreakAnalyser {
  constructor(@Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase) {}

  async analyseAndStore(events: readonly LedgerEvent[]): Promise<void> {
    await this.db.insert('findings', await this.analyse(events));
  }

  async analyse(events: readonly LedgerEvent[]): Promise<FindingRow[]> {
    const sessions = new Map<string, { tenant: string; sessionId: string; events: LedgerEvent[] }>();
    for (const event of events) {
      const key = `${event.tenant}\u0000${event.session_id}`;
      const entry = sessions.get(key) ?? { tenant: event.tenant, sessionId: event.session_id, events: [] };
      entry.events.push(event);
      sessions.set(key, entry);
    }
    const rows: FindingRow[] = [];
    for (const tenant of new Set([...sessions.values()].map((s) => s.tenant))) {
      const mine = [...sessions.values()].filter((s) => s.tenant === tenant);
      const around = await this.storedAround(tenant, mine);
      for (const { sessionId, events: batch } of mine) {
        const known = around.filter((row) => row.session_id === sessionId);
        const breaks = findChainBreaks(batch.map(incomingLink), known.map(storedLink));
        const timeOf = new Map<string, string>([
          ...known.map((row) => [row.id, row.time] as const),
          ...batch.map((event) => [event.id, toClickHouseTime(event.time)] as const),
        ]);
        for (const found of breaks) rows.push(chainBrokenFinding(tenant, sessionId, found, timeOf.get(found.eventId) ?? ''));
      }
    }
    return rows;
  }

  /** The stored events at seq − 1, seq and seq + 1 of every incoming event: one keyed query per tenant. */
  private storedAround(tenant: string, sessions: readonly { sessionId: string; events: LedgerEvent[] }[]): Promise<StoredLinkRow[]> {
    const seqs = new Set<number>();
    for (const { events } of sessions) {
      for (const { seq } of events) for (const near of [seq - 1, seq, seq + 1]) if (near >= 0) seqs.add(near);
    }
    // Not FINAL: a row present twice before a merge is the same event, and is deduplicated by id.
    return this.db.query<StoredLinkRow>(
      `SELECT DISTINCT id, session_id, seq, hash, prev_hash, time FROM events
       WHERE tenant = {tenant:String} AND session_id IN {sessions:Array(String)} AND seq IN {seqs:Array(UInt64)}`,
      { tenant, sessions: sessions.map((s) => s.sessionId), seqs: [...seqs] },
    );
  }
}

function incomingLink(event: LedgerEvent): IncomingLink {
  return {
    id: event.id,
    seq: event.seq,
    hash: event.hash,
    prevHash: event.prev_hash ?? null,
    recomputedHash: computeEventHash(event as unknown as Record<string, unknown> & { prev_hash: string | null }),
  };
}

const storedLink = (row: StoredLinkRow): ChainLink => ({
  id: row.id,
  seq: Number(row.seq),
  hash: row.hash,
  prevHash: row.prev_hash === '' ? null : row.prev_hash,
});

function chainBrokenFinding(tenant: string, sessionId: string, found: ChainBreak, raisedAt: string): FindingRow {
  return {
    tenant,
    finding_id: hashJson(['chain_broken', tenant, sessionId, found.seq, found.eventId, found.reason]),
    kind: 'chain_broken',
    severity: 'high',
    summary: `session ${sessionId} seq ${found.seq} (event ${found.eventId}): ${SUMMARY[found.reason]}`,
    evidence: canonicalJson({
      tenant,
      session_id: sessionId,
      seq: found.seq,
      event_id: found.eventId,
      reason: found.reason,
      expected: found.expected,
      got: found.got,
      ...(found.otherEventId !== undefined ? { other_event_id: found.otherEventId } : {}),
    }),
    session_id: sessionId,
    call_id: '',
    raised_at: raisedAt,
  };
}
