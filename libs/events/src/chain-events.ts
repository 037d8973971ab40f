import { computeEventHash } from './event-hash';
import type { LedgerEvent } from './envelope.schema';

/** An event as a producer builds it, before it is linked into its session's chain. */
export type UnchainedEvent = Omit<LedgerEvent, 'hash' | 'prev_hash'>;

/**
 * Links one session's events, in the order given, into its hash chain: `prev_hash` of the
 * first is null (or `previousHash` when continuing a chain), each `hash` covers the event
 * and the previous hash. For importers, fixtures and benchmarks; the emitter seals as it
 * goes (sealEvent).
 */
export function chainEvents(events: readonly UnchainedEvent[], previousHash: string | null = null): LedgerEvent[] {
  let prev = previousHash;
  return events.map((unchained) => {
    const event = { ...unchained, prev_hash: prev } as Record<string, unknown> & { prev_hash: string | null };
    const hash = computeEventHash(event);
    prev = hash;
    return { ...event, hash } as unknown as LedgerEvent;
  });
}
