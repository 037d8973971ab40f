import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent } from '@mcp-ledger/events';

const linkKey = (tenant: string, sessionId: string, hash: string) => `${tenant}\u0000${sessionId}\u0000${hash}`;

/** The id of each event's predecessor, by the event's id; events whose predecessor is not stored are absent. */
export type PredecessorIds = ReadonlyMap<string, string>;

/**
 * For OCSF 1.9 `prev_event.uid`: the stored event each event links to. The link is the
 * hash, not the position: the predecessor is the event of the same tenant and session whose
 * `hash` is this event's `prev_hash` (normally at seq − 1). Matching by hash names the
 * event the chain really points at even where a session forked or was reordered, and never
 * names an event whose hash differs from the `prev_event` fingerprint beside it. One
 * parameterised query per tenant (the export's page has one); a seq-0 event needs none.
 */
export async function predecessorIds(db: LedgerDatabase, events: readonly LedgerEvent[]): Promise<PredecessorIds> {
  const links = events.flatMap((event) => (event.prev_hash === null ? [] : [{ event, prevHash: event.prev_hash }]));
  const byTenant = new Map<string, typeof links>();
  for (const link of links) byTenant.set(link.event.tenant, [...(byTenant.get(link.event.tenant) ?? []), link]);
  const found = new Map<string, string>();
  for (const [tenant, ofTenant] of byTenant) {
    const rows = await db.query<{ session_id: string; hash: string; id: string }>(
      `SELECT session_id, hash, id
         FROM events FINAL
        WHERE tenant = {tenant:String}
          AND session_id IN {sessions:Array(String)}
          AND hash IN {hashes:Array(String)}`,
      { tenant, sessions: [...new Set(ofTenant.map((link) => link.event.session_id))], hashes: [...new Set(ofTenant.map((link) => link.prevHash))] },
    );
    for (const row of rows) found.set(linkKey(tenant, row.session_id, row.hash), row.id);
  }
  const ids = new Map<string, string>();
  for (const { event, prevHash } of links) {
    const id = found.get(linkKey(event.tenant, event.session_id, prevHash));
    if (id !== undefined) ids.set(event.id, id);
  }
  return ids;
}
