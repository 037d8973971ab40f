import type { LedgerDatabase } from '@mcp-ledger/clickhouse';

/**
 * How long a decision handler waits for its own `approval.decided` to show in the read
 * model before it answers. The embedded ledger projects before RecordEventsCommand
 * resolves, so there the first look finds it; the distributed API produces to Kafka and a
 * projector writes it a moment later.
 */
export interface DecisionVisibility {
  pollMs: number;
  timeoutMs: number;
  /** Where a decision that is not visible yet was durably recorded, for the error message. */
  recordedTo: string;
}

export const DECISION_VISIBILITY = Symbol('DECISION_VISIBILITY');

/** The embedded ledger's: projected in the commit path, so the wait never polls. */
export const PROJECTED_ON_COMMIT: DecisionVisibility = { pollMs: 100, timeoutMs: 15_000, recordedTo: 'the event store' };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls until the decision event `eventId` is stored (its `events` row, written after the
 * projections, so `approval_decisions` holds it too): from then on the decision in force
 * (firstDecisions, by store order) cannot change. False when it is not within `timeoutMs`
 * (it is still durable where it was recorded).
 */
export async function waitUntilProjected(
  db: LedgerDatabase,
  decision: { tenant: string; approvalId: string; eventId: string },
  visibility: DecisionVisibility,
): Promise<boolean> {
  const deadline = Date.now() + visibility.timeoutMs;
  for (;;) {
    const [row] = await db.query<{ n: string | number }>(
      `SELECT count() AS n FROM events
       WHERE tenant = {tenant:String} AND id = {event:String} AND type = 'approval.decided'`,
      { tenant: decision.tenant, event: decision.eventId },
    );
    if (row && Number(row.n) > 0) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(visibility.pollMs, Math.max(0, deadline - Date.now())));
  }
}

/** The sentence of a `not_visible` refusal: what happened, that it is durable, what to do. */
export function notVisibleMessage(what: string, visibility: DecisionVisibility): string {
  return (
    `${what} was recorded durably in ${visibility.recordedTo} but did not reach the read model within ` +
    `${visibility.timeoutMs / 1000} s (are the projectors running and caught up?); it takes effect once projected, ` +
    'unless an earlier decision is projected first. Check `approvals` before deciding again.'
  );
}
