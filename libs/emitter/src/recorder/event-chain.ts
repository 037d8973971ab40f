import {
  computeEventHash,
  SPEC_VERSION,
  type EventData,
  type EventSource,
  type EventType,
  type LedgerEvent,
} from '@mcp-ledger/events';
import { v7 as uuidv7 } from 'uuid';

/**
 * Seals events into one session's hash chain: `seq` from 0 without gaps, `prev_hash`
 * of the previous event (null first), and `hash` over the rest. One chain per session,
 * used in message order, is what makes the chain verifiable downstream.
 */
export class EventChain {
  private seq = 0;
  private prevHash: string | null = null;

  constructor(
    private readonly tenant: string,
    private readonly sessionId: string,
  ) {}

  seal<T extends EventType>(type: T, data: EventData<T>, wallTimeMs: number, source: EventSource): LedgerEvent {
    const event: Record<string, unknown> = {
      specversion: SPEC_VERSION,
      id: uuidv7(),
      type,
      time: new Date(wallTimeMs).toISOString(),
      tenant: this.tenant,
      session_id: this.sessionId,
      seq: this.seq,
      // Copied: the session's source is updated as the handshake reveals names.
      source: { ...source },
      prev_hash: this.prevHash,
      data,
    };
    const hash = computeEventHash(event as { prev_hash: string | null });
    event['hash'] = hash;
    this.seq += 1;
    this.prevHash = hash;
    return event as unknown as LedgerEvent;
  }

  get nextSeq(): number {
    return this.seq;
  }
}
