import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { SessionHead } from './checkpoint';
import { REDACTION_RECORD_SQL, redactionRecordsDigestSql } from './redaction-records.digest';

/**
 * Every session head of a tenant as stored now, computed by the engine: the last seq of
 * the contiguous prefix from 0 (−1 if seq 0 is missing), the hash there (the smallest,
 * should the seq be forked), the number of distinct events, and the digest of the ledger
 * redaction records up to that seq. Not FINAL: duplicates of an event before a merge
 * count once (`uniqExact(id)`, `groupUniqArray(seq)`). The records are read FINAL, as
 * `verify` reads them: a redelivered event's row, not yet merged away, must not change
 * the digest. Only events with a record reach that side of the join.
 */
export async function sessionHeads(db: LedgerDatabase, tenant: string): Promise<SessionHead[]> {
  const rows = await db.query<{ session_id: string; events: string | number; head_seq: string | number; head_hash: string; redactions: string }>(
    `SELECT session_id, events, head_seq, head_hash,
            ${redactionRecordsDigestSql('arrayFilter(r -> toInt64(r.1) <= head_seq, records)')} AS redactions
     FROM (
       SELECT session_id,
              uniqExact(id) AS events,
              arraySort(groupUniqArray(seq)) AS seqs,
              arrayFirstIndex((s, i) -> s != i - 1, seqs, arrayEnumerate(seqs)) AS gap_at,
              toInt64(if(gap_at = 0, length(seqs), gap_at - 1)) - 1 AS head_seq,
              arraySort(arrayMap(l -> l.2, arrayFilter(l -> toInt64(l.1) = head_seq, groupArray((seq, hash)))))[1] AS head_hash
       FROM events WHERE tenant = {tenant:String}
       GROUP BY session_id) AS heads
     LEFT JOIN (
       SELECT session_id, groupArray(${REDACTION_RECORD_SQL}) AS records
       FROM events FINAL WHERE tenant = {tenant:String} AND ledger_redaction != ''
       GROUP BY session_id) AS redacted USING (session_id)
     ORDER BY session_id`,
    { tenant },
  );
  return rows.map((row) => ({ sessionId: row.session_id, seq: Number(row.head_seq), hash: row.head_hash, events: Number(row.events), redactions: row.redactions }));
}
