import type { CapturedMessage } from './mcp-transport.types';

export interface CaptureQueueOptions {
  /** Messages held before the drain runs; beyond it messages are counted as dropped. */
  capacity: number;
  /** Runs off the caller's turn with everything captured so far, in order. */
  drain: (batch: CapturedMessage[]) => void;
  onOverflow: () => void;
}

/**
 * The only structure the MCP hot path touches: an array push and, at most once per
 * turn, a `setImmediate`. Everything costly (classification, redaction, hashing,
 * serialisation, I/O) happens in `drain`, after the caller's turn has finished.
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
    if (!this.scheduled) {
      this.scheduled = true;
      // unref: a pending drain must not keep the process alive on its own.
      setImmediate(() => this.drainNow()).unref();
    }
  }

  /** Drains synchronously; used by the scheduled turn and by `flush()`. */
  drainNow(): void {
    this.scheduled = false;
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.options.drain(batch);
  }

  get size(): number {
    return this.items.length;
  }
}
