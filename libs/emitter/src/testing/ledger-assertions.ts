import { computeEventHash, parseLedgerEvent, type LedgerEvent } from '@mcp-ledger/events';

/**
 * Problems with a delivered session, for specs: every event must parse, `seq` must run
 * 0,1,2,… without gaps, and each hash must link to the previous one. Returns a list of
 * human-readable problems so a failing spec says what broke.
 */
export function sessionProblems(events: readonly LedgerEvent[]): string[] {
  const problems: string[] = [];
  let prev: string | null = null;
  events.forEach((event, index) => {
    const parsed = parseLedgerEvent(JSON.parse(JSON.stringify(event)));
    if (!parsed.ok) problems.push(`#${index} ${event.type}: ${parsed.rejection.message}`);
    if (event.seq !== index) problems.push(`#${index} ${event.type}: seq ${event.seq}, expected ${index}`);
    if (event.prev_hash !== prev) problems.push(`#${index} ${event.type}: prev_hash does not link`);
    if (computeEventHash(event as unknown as { prev_hash: string | null }) !== event.hash) problems.push(`#${index} ${event.type}: hash mismatch`);
    prev = event.hash;
  });
  return problems;
}

/** Events of one type, with `data` typed for that type. */
export function ofType<T extends LedgerEvent['type']>(events: readonly LedgerEvent[], type: T): Extract<LedgerEvent, { type: T }>[] {
  return events.filter((event): event is Extract<LedgerEvent, { type: T }> => event.type === type);
}
