import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { verifySessionChain, type ChainProblem } from '@mcp-ledger/events';
import { chainInputWithLedgerRedaction } from '../redaction/ledger-redacted-chain';

export interface SessionProblems {
  tenant: string;
  sessionId: string;
  problems: ChainProblem[];
}

export interface VerifyResult {
  sessions: number;
  events: number;
  /** Events redacted by the ledger at ingest: checked against the ledger's record, linked by the emitter's hash (ADR 0015). */
  ledgerRedacted: number;
  broken: SessionProblems[];
}

/**
 * Re-derives every session's hash chain from the `events` table alone and reports each
 * edited, inserted, reordered or deleted event with its location. Reads sessions in pages,
 * each page one keyed query, so memory stays bounded however large the store.
 */
export async function verifyStoredChains(
  db: LedgerDatabase,
  { tenant, sessionsPerPage = 500, onProgress }: { tenant?: string; sessionsPerPage?: number; onProgress?: (sessions: number) => void } = {},
): Promise<VerifyResult> {
  const result: VerifyResult = { sessions: 0, events: 0, ledgerRedacted: 0, broken: [] };
  let after = { tenant: '', session: '' };
  for (;;) {
    const sessions = await db.query<{ tenant: string; session_id: string }>(
      `SELECT DISTINCT tenant, session_id FROM events
       WHERE (tenant, session_id) > ({afterTenant:String}, {afterSession:String})
         AND ({onlyTenant:String} = '' OR tenant = {onlyTenant:String})
       ORDER BY tenant, session_id LIMIT {limit:UInt32}`,
      { afterTenant: after.tenant, afterSession: after.session, onlyTenant: tenant ?? '', limit: sessionsPerPage },
    );
    if (sessions.length === 0) return result;
    for (const pageTenant of new Set(sessions.map((s) => s.tenant))) {
      const rows = await db.query<{ id: string; session_id: string; seq: string | number; hash: string; prev_hash: string; payload: string; ledger_redaction: string }>(
        `SELECT id, session_id, seq, hash, prev_hash, payload, ledger_redaction FROM events FINAL
         WHERE tenant = {tenant:String} AND session_id IN {sessions:Array(String)}
         ORDER BY session_id, seq, id`,
        { tenant: pageTenant, sessions: sessions.filter((s) => s.tenant === pageTenant).map((s) => s.session_id) },
      );
      const bySession = new Map<string, typeof rows>();
      for (const row of rows) bySession.set(row.session_id, [...(bySession.get(row.session_id) ?? []), row]);
      for (const [sessionId, sessionRows] of bySession) {
        const input = chainInputWithLedgerRedaction(
          sessionRows.map((row) => ({ id: row.id, seq: Number(row.seq), hash: row.hash, prevHash: row.prev_hash, payload: row.payload, ledgerRedaction: row.ledger_redaction })),
        );
        const problems = [...input.problems, ...verifySessionChain(input.events)];
        result.events += sessionRows.length;
        result.ledgerRedacted += input.ledgerRedacted;
        if (problems.length > 0) result.broken.push({ tenant: pageTenant, sessionId, problems });
      }
    }
    result.sessions += sessions.length;
    onProgress?.(result.sessions);
    const last = sessions.at(-1)!;
    after = { tenant: last.tenant, session: last.session_id };
  }
}
