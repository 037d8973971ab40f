import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { checkCheckpoint, compareHeads, type SessionHead, type SignedCheckpoint, type StoredSession } from './checkpoint';
import type { IntegrityProblem } from './integrity-report';
import { storedRedactionRecords } from './redaction-records.query';

export interface CheckpointsResult {
  checkpoints: number;
  keyIds: string[];
  problems: IntegrityProblem[];
}

interface CheckpointRow extends SignedCheckpoint {
  created_at: string;
  previous: string;
}

const CLAIMS_PER_QUERY = 1000;

/**
 * Checks every stored checkpoint (of one tenant, or all): its signature and digests
 * (`checkCheckpoint`), that the checkpoint it links to still exists, and that each
 * session head it signed still holds in the `events` table (`compareHeads`). Reads one
 * tenant's checkpoints a page at a time; a head already confirmed is not looked up again.
 */
export async function verifyCheckpoints(
  db: LedgerDatabase,
  { tenant, trustedKeyIds, pageSize = 50 }: { tenant?: string; trustedKeyIds?: ReadonlySet<string>; pageSize?: number } = {},
): Promise<CheckpointsResult> {
  const result: CheckpointsResult = { checkpoints: 0, keyIds: [], problems: [] };
  const keyIds = new Set<string>();
  // A store last written before migration 0009 has no checkpoints to check.
  const [table] = await db.query<{ n: string | number }>("SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = 'checkpoints'");
  if (Number(table?.n ?? 0) === 0) return result;
  const tenants = await db.query<{ tenant: string }>(
    `SELECT DISTINCT tenant FROM checkpoints WHERE ({onlyTenant:String} = '' OR tenant = {onlyTenant:String}) ORDER BY tenant`,
    { onlyTenant: tenant ?? '' },
  );
  for (const { tenant: current } of tenants) {
    const digests = new Set(
      (await db.query<{ digest: string }>('SELECT DISTINCT digest FROM checkpoints WHERE tenant = {tenant:String}', { tenant: current })).map((r) => r.digest),
    );
    const confirmed = new Set<string>();
    let after = { createdAt: '1970-01-01 00:00:00.000', digest: '' };
    for (;;) {
      const rows = await db.query<CheckpointRow>(
        `SELECT tenant, digest, created_at, previous, body, heads, signature, public_key FROM checkpoints FINAL
         WHERE tenant = {tenant:String} AND (created_at, digest) > ({afterTime:DateTime64(3, 'UTC')}, {afterDigest:String})
         ORDER BY created_at, digest LIMIT {limit:UInt32}`,
        { tenant: current, afterTime: after.createdAt, afterDigest: after.digest, limit: pageSize },
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        result.checkpoints += 1;
        const where = { tenant: current, checkpoint: { digest: row.digest, createdAt: row.created_at } };
        const checked = checkCheckpoint(row, { trustedKeyIds });
        if (checked.body) keyIds.add(checked.body.key_id);
        for (const problem of checked.problems) result.problems.push({ ...where, kind: problem.kind, detail: problem.detail });
        const previous = checked.body?.previous;
        if (previous && !digests.has(previous)) {
          result.problems.push({ ...where, kind: 'checkpoint_missing', detail: `the checkpoint it follows (${previous}) is gone` });
        }
        const heads = (checked.heads ?? []).filter((h) => !confirmed.has(claimKey(h)));
        for (let at = 0; at < heads.length; at += CLAIMS_PER_QUERY) {
          const chunk = heads.slice(at, at + CLAIMS_PER_QUERY);
          const problems = compareHeads(chunk, await storedSessions(db, current, chunk));
          const failed = new Set(problems.map((p) => p.sessionId));
          for (const head of chunk) if (!failed.has(head.sessionId)) confirmed.add(claimKey(head));
          for (const problem of problems) result.problems.push({ ...where, kind: problem.kind, sessionId: problem.sessionId, seq: problem.seq, detail: problem.detail });
        }
      }
      const last = rows.at(-1)!;
      after = { createdAt: last.created_at, digest: last.digest };
    }
  }
  result.keyIds = [...keyIds].sort();
  return result;
}

const claimKey = (head: SessionHead) => `${head.sessionId}\u0000${head.seq}\u0000${head.hash}\u0000${head.events}\u0000${head.redactions ?? '-'}`;

/**
 * For each session of the heads: its distinct events now, the hashes stored at the head's
 * seq, and, for heads that sign them (version 2), the ledger redaction records up to it.
 */
async function storedSessions(db: LedgerDatabase, tenant: string, heads: readonly SessionHead[]): Promise<Map<string, StoredSession>> {
  const sessions = [...new Set(heads.map((h) => h.sessionId))];
  const counts = await db.query<{ session_id: string; events: string | number }>(
    `SELECT session_id, uniqExact(id) AS events FROM events
     WHERE tenant = {tenant:String} AND session_id IN {sessions:Array(String)} GROUP BY session_id`,
    { tenant, sessions },
  );
  const links = await db.query<{ session_id: string; seq: string | number; hash: string }>(
    `SELECT DISTINCT session_id, seq, hash FROM events
     WHERE tenant = {tenant:String} AND session_id IN {sessions:Array(String)} AND seq IN {seqs:Array(UInt64)}`,
    { tenant, sessions, seqs: [...new Set(heads.filter((h) => h.seq >= 0).map((h) => h.seq))] },
  );
  const headSeq = new Map(heads.map((h) => [h.sessionId, h.seq]));
  const hashes = new Map<string, string[]>();
  for (const link of links) {
    if (headSeq.get(link.session_id) === Number(link.seq)) hashes.set(link.session_id, [...(hashes.get(link.session_id) ?? []), link.hash]);
  }
  const signed = heads.filter((h) => h.redactions !== undefined);
  const records = signed.length > 0 ? await storedRedactionRecords(db, tenant, signed) : undefined;
  return new Map(
    counts.map((row) => [
      row.session_id,
      {
        events: Number(row.events),
        hashesAtSeq: hashes.get(row.session_id) ?? [],
        ...(records ? { redactionRecords: records.get(row.session_id) ?? { digest: '', seqs: [] } } : {}),
      },
    ]),
  );
}
