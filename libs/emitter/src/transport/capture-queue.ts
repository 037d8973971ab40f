import type { CapturedMessage } from './mcp-transport.types';

export interface CaptureQueueOptions {
  /** Messages held before the drain runs; beyond it messages are counted as dropped. */
  capacity: number;
  /** Runs off the caller's turn with everything captured so far, in order. */
  drain: (batch: CapturedMessage[]) => void;
  onOverflow: () => void;
}

/** Messages recorded per scheduled turn: a burst is recorded in slices, with I/O in between. */
export const DRAIN_SLICE = 32;
/**
 * Backlog beyond which a turn records everything queued: slicing must never let the
 * queue fall behind a caller that captures faster than one slice per turn (it would end
 * in captureCapacity drops), so under sustained load the drain keeps up as it did
 * unsliced.
 */
export const DRAIN_CATCH_UP = 1024;

/**
 * The only structure the MCP hot path touches: an array push and, at most once per
 * turn, a `setImmediate`. Everything costly (classification, redaction, hashing,
 * serialisation, I/O) happens in `drain`, after the caller's turn has finished, at most
 * {@link DRAIN_SLICE} messages per turn, so a response that arrives during a burst is
 * not stuck behind the recording of the whole burst (up to a backlog of
 * {@link DRAIN_CATCH_UP}, beyond which a turn catches up). `drainNow()` (flush, close)
 * drains everything.
 */
export class CaptureQueue {
  private items: CapturedMessage[] = [];
  private scheduled = false;

  constructor(private readonly options: CaptureQueueOptions) {}

  push(item: CapturedMessage): void {
    if (this.items.length >= this.options.capacity) {
      this.options.onOverflow();
      return;
    }
    this.items.push(item);
    this.schedule();
  }

  /** Drains synchronously; used by `flush()` and on close. */
  drainNow(): void {
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.options.drain(batch);
  }

  get size(): number {
    return this.items.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // unref: a pending drain must not keep the process alive on its own.
    setImmediate(() => this.drainSlice()).unref();
  }

  private drainSlice(): void {
    this.scheduled = false;
    if (this.items.length <= DRAIN_SLICE || this.items.length > DRAIN_CATCH_UP) return this.drainNow();
    const batch = this.items.splice(0, DRAIN_SLICE);
    this.schedule();
    this.options.drain(batch);
  }
}
