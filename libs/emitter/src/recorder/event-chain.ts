import { sealEvent, SPEC_VERSION, type EventData, type EventSource, type EventType, type LedgerEvent, type SealedEvent } from '@mcp-ledger/events';
import { uuidv7 } from './uuid-v7';

/**
 * The source of a session's events as of now, with its canonical JSON computed once:
 * the recorder replaces it (never mutates it) when the handshake reveals names.
 */
export interface SourceSnapshot {
  source: EventSource;
  json: string;
}

/**
 * Seals events into one session's hash chain: `seq` from 0 without gaps, `prev_hash`
 * of the previous event (null first), and `hash` over the rest. One chain per session,
 * used in message order, is what makes the chain verifiable downstream. Each event is
 * serialised once: the canonical line that was hashed is what gets delivered.
 */
export class EventChain {
  private seq = 0;
  private prevHash: string | null = null;
  private lastWallTimeMs = Number.NaN;
  private lastTime = '';

  constructor(
    private readonly tenant: string,
    private readonly sessionId: string,
  ) {}

  /** `known`: canonical JSON the mapper already has for objects inside `data` (see `canonicalJsonWith`). */
  seal<T extends EventType>(type: T, data: EventData<T>, wallTimeMs: number, source: SourceSnapshot, known?: ReadonlyMap<object, string>): SealedEvent<LedgerEvent> {
    if (wallTimeMs !== this.lastWallTimeMs) {
      this.lastWallTimeMs = wallTimeMs;
      this.lastTime = new Date(wallTimeMs).toISOString();
    }
    const sealed = sealEvent(
      {
        specversion: SPEC_VERSION,
        id: uuidv7(),
        type,
        time: this.lastTime,
        tenant: this.tenant,
        session_id: this.sessionId,
        seq: this.seq,
        source: source.source,
        data,
      },
      this.prevHash,
      { memberJson: { source: source.json }, encode: true, known },
    );
    this.seq += 1;
    this.prevHash = sealed.event.hash;
    return sealed as unknown as SealedEvent<LedgerEvent>;
  }

  get nextSeq(): number {
    return this.seq;
  }
}
