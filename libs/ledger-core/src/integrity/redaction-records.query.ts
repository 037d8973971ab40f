import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { SessionHead, StoredSession } from './checkpoint';
import { REDACTION_RECORD_SQL, redactionRecordsDigestSql } from './redaction-records.digest';

type RedactionRecords = NonNullable<StoredSession['redactionRecords']>;

/**
 * For each session of the heads, the ledger redaction records stored now at seq ≤ its
 * head's seq: their digest, computed by the engine exactly as `sessionHeads` signs it,
 * and their seqs. Sessions without such records are absent. Read FINAL, like `verify`'s
 * chain check, and only the events that carry a record are grouped.
 */
export async function storedRedactionRecords(db: LedgerDatabase, tenant: string, heads: readonly SessionHead[]): Promise<Map<string, RedactionRecords>> {
  const rows = await db.query<{ session_id: string; digest: string; seqs: (string | number)[] }>(
    `SELECT session_id,
            ${redactionRecordsDigestSql('arrayFilter(r -> toInt64(r.1) <= bound, records)')} AS digest,
            arraySort(arrayMap(r -> r.1, arrayFilter(r -> toInt64(r.1) <= bound, records))) AS seqs
     FROM (
       SELECT session_id, groupArray(${REDACTION_RECORD_SQL}) AS records,
              {bounds:Array(Int64)}[indexOf({sessions:Array(String)}, session_id)] AS bound
       FROM events FINAL
       WHERE tenant = {tenant:String} AND session_id IN {sessions:Array(String)} AND ledger_redaction != ''
       GROUP BY session_id)`,
    { tenant, sessions: heads.map((h) => h.sessionId), bounds: heads.map((h) => h.seq) },
  );
  return new Map(rows.filter((row) => row.digest !== '').map((row) => [row.session_id, { digest: row.digest, seqs: row.seqs.map(Number) }]));
}
