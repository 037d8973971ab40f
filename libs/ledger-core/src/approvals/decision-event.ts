import { chainEvents, SPEC_VERSION, type EventData, type LedgerEvent, type UnchainedEvent } from '@mcp-ledger/events';
import { decisionSessionId, uuidv7 } from './approval-ids';

/**
 * The `approval.decided` event of a decision, sealed as seq 0 of the approval's own
 * decision session (see decisionSessionId), written by the ledger itself.
 */
export function decisionEvent(tenant: string, data: EventData<'approval.decided'>, now = Date.now()): LedgerEvent {
  const unchained = {
    specversion: SPEC_VERSION,
    id: uuidv7(now),
    type: 'approval.decided',
    time: new Date(now).toISOString(),
    tenant,
    session_id: decisionSessionId(data.approval_id),
    seq: 0,
    source: { kind: 'ledger' },
    data,
  } as UnchainedEvent;
  const [event] = chainEvents([unchained]);
  return event!;
}

/** Runs `work` for one key at a time in this process: two decisions on one approval never interleave. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await next;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
