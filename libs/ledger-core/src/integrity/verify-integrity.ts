import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { IntegrityProblem, IntegrityReport } from './integrity-report';
import { verifyCheckpoints } from './verify-checkpoints';
import { verifyStoredChains } from './verify-stored-chains';

/**
 * Everything `mcp-ledger verify` checks, from the stored tables alone: every session's
 * hash chain (edited, inserted, reordered, deleted events) and every signed checkpoint
 * (signature, the checkpoint chain, and each checkpointed session head — which finds a
 * deleted session or a deleted tail, and a ledger redaction record rewritten or attached
 * since, which the chains cannot see). `trustedKeyIds` pins the signing keys; without it
 * a signature is checked against the key stored with the checkpoint.
 *
 * @example
 * const report = await verifyIntegrity(db, { tenant: 'acme', trustedKeyIds: new Set([keyIdFromPem(pem)]) });
 * if (report.problems.length > 0) process.exitCode = 1;
 */
export async function verifyIntegrity(
  db: LedgerDatabase,
  { tenant, trustedKeyIds, onProgress }: { tenant?: string; trustedKeyIds?: ReadonlySet<string>; onProgress?: (sessions: number) => void } = {},
): Promise<IntegrityReport> {
  const chains = await verifyStoredChains(db, { tenant, onProgress });
  const checkpoints = await verifyCheckpoints(db, { tenant, trustedKeyIds });
  const chainProblems: IntegrityProblem[] = chains.broken.flatMap((session) =>
    session.problems.map((problem) => ({
      kind: problem.kind,
      tenant: session.tenant,
      sessionId: session.sessionId,
      seq: problem.seq,
      ...(problem.eventId !== undefined ? { eventId: problem.eventId } : {}),
      detail: problem.detail,
    })),
  );
  return {
    target: db.describe(),
    ...(tenant !== undefined ? { tenant } : {}),
    sessions: chains.sessions,
    events: chains.events,
    checkpoints: checkpoints.checkpoints,
    keyIds: checkpoints.keyIds,
    pinned: trustedKeyIds !== undefined,
    problems: [...chainProblems, ...checkpoints.problems],
  };
}
