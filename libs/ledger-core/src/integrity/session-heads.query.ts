import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { SessionHead } from './checkpoint';

/**
 * Every session head of a tenant as stored now, computed by the engine: the last seq of
 * the contiguous prefix from 0 (−1 if seq 0 is missing), the hash there (the smallest,
 * should the seq be forked) and the number of distinct events. Not FINAL: duplicates of
 * an event before a merge count once (`uniqExact(id)`, `groupUniqArray(seq)`).
 */
export async function sessionHeads(db: LedgerDatabase, tenant: string): Promise<SessionHead[]> {
  const rows = await db.query<{ session_id: string; events: string | number; head_seq: string | number; head_hash: string }>(
    `SELECT session_id, events, head_seq, head_hash FROM (
       SELECT session_id,
              uniqExact(id) AS events,
              arraySort(groupUniqArray(seq)) AS seqs,
              arrayFirstIndex((s, i) -> s != i - 1, seqs, arrayEnumerate(seqs)) AS gap_at,
              toInt64(if(gap_at = 0, length(seqs), gap_at - 1)) - 1 AS head_seq,
              arraySort(arrayMap(l -> l.2, arrayFilter(l -> toInt64(l.1) = head_seq, groupArray((seq, hash)))))[1] AS head_hash
       FROM events WHERE tenant = {tenant:String}
       GROUP BY session_id)
     ORDER BY session_id`,
    { tenant },
  );
  return rows.map((row) => ({ sessionId: row.session_id, seq: Number(row.head_seq), hash: row.head_hash, events: Number(row.events) }));
}
