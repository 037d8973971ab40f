import { canonicalJson, type LedgerEvent } from '@mcp-ledger/events';
import type { DiskSpool } from './disk-spool';
import { PermanentSinkError, type EmitterLogger, type EventSink } from './event-sink';

export interface EventDispatcherOptions {
  sink: EventSink;
  spool: DiskSpool;
  logger: EmitterLogger;
  /** Events per sink write (default 500). */
  batchSize?: number;
  /** Longest an event waits for its batch to fill (default 50 ms). */
  lingerMs?: number;
  /** Events held in memory; beyond it they are spilled to the spool (default 10000). */
  maxBufferedEvents?: number;
  /** Backoff of spool redelivery while the sink is down (default 200 ms doubling to 30 s). */
  retryInitialMs?: number;
  retryMaxMs?: number;
}

export interface DeliveryStats {
  /** Accepted by the sink (directly or from the spool). */
  delivered: number;
  /** Written to the disk spool. */
  spooled: number;
  /** Lost because the spool was full or unwritable (always logged). */
  dropped: number;
  /** Refused by the sink for good (e.g. HTTP 400), logged with the sink's reason. */
  rejected: number;
}

interface Batch {
  seq: number;
  lines: string[];
  /** Encoded lines (each with its newline), when every event of the batch has them. */
  encoded?: Uint8Array[];
}

/**
 * Moves sealed events from the recorder to a sink, in order, without ever blocking or
 * failing the MCP call path: bounded buffer → batches (count / linger) → one sink write
 * in flight. When a write fails the batch goes to the disk spool and every later batch
 * queues behind it there, until a backoff timer finds the sink back and drains the spool
 * oldest first. Events are only dropped when the spool is full, and each burst of drops
 * is logged once.
 */
export class EventDispatcher {
  readonly stats: DeliveryStats = { delivered: 0, spooled: 0, dropped: 0, rejected: 0 };
  /** Canonical NDJSON lines (one per event, no newline), oldest first. */
  private buffer: string[] = [];
  /** Parallel to `buffer`: each line's UTF-8 with its newline, when the recorder encoded it. */
  private encoded: (Uint8Array | undefined)[] = [];
  private accepted = 0;
  private settled = 0;
  private sinkDown = false;
  private closed = false;
  private dropping = false;
  private pumping: Promise<void> | undefined;
  private spills: Promise<void> = Promise.resolve();
  private lingerTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs: number;
  private waiters: { target: number; resolve: () => void }[] = [];
  private readonly batchSize: number;
  private readonly ready: Promise<void>;

  constructor(private readonly options: EventDispatcherOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.backoffMs = options.retryInitialMs ?? 200;
    this.ready = options.spool.open().then(
      () => (options.spool.isEmpty ? undefined : this.scheduleRetry(0)),
      (error: unknown) => options.logger.error(`cannot open spool ${options.spool.dir}: ${String(error)}`),
    );
  }

  /** Never throws and never waits: called from the recorder's drain. */
  enqueue(events: LedgerEvent[]): void {
    if (events.length === 0) return;
    this.enqueueLines(events.map((event) => canonicalJson(event)));
  }

  /**
   * As {@link enqueue}, for events already serialised: each line must be the canonical
   * JSON of one sealed event (`SealedEvent.line`), so nothing is serialised twice.
   */
  enqueueLines(lines: readonly string[]): void {
    if (lines.length === 0) return;
    this.enqueueSealed(lines.map((line) => ({ line })));
  }

  /**
   * As {@link enqueueLines}, with each line's bytes when the recorder encoded it
   * (`SealedEvent.bytes`), so a sink with `writeEncoded` gets them without a re-encode.
   */
  enqueueSealed(sealed: readonly { line: string; bytes?: Uint8Array }[]): void {
    if (sealed.length === 0) return;
    this.accepted += sealed.length;
    if (this.closed) {
      this.drop(sealed.length, 'emitter is closed');
      return;
    }
    for (const { line, bytes } of sealed) {
      this.buffer.push(line);
      this.encoded.push(bytes);
    }
    if (this.buffer.length >= (this.options.maxBufferedEvents ?? 10_000)) this.spill();
    else if (this.buffer.length >= this.batchSize) this.pump();
    else this.lingerTimer ??= setTimeout(() => this.pump(), this.options.lingerMs ?? 50).unref();
  }

  /** Resolves once everything enqueued so far is delivered, spooled, rejected or dropped. */
  flush(): Promise<void> {
    const target = this.accepted;
    if (this.settled >= target) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push({ target, resolve }));
    this.pump();
    return done;
  }

  /** Tries the spool now instead of at the next backoff tick; true when it is empty. */
  async retryNow(): Promise<boolean> {
    await this.ready;
    // A pass already running may have marked the sink down; start a fresh one after it.
    await this.pumping;
    this.sinkDown = false;
    this.backoffMs = this.options.retryInitialMs ?? 200;
    await this.pump();
    return this.options.spool.isEmpty;
  }

  /** Flushes (bounded by `timeoutMs`), tries the spool once more, and closes the sink. */
  async close(timeoutMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs).unref()));
    await Promise.race([this.flush().then(async () => (this.options.spool.isEmpty ? true : this.retryNow())), timeout]);
    clearTimeout(timer);
    this.closed = true;
    clearTimeout(this.lingerTimer);
    clearTimeout(this.retryTimer);
    if (!this.options.spool.isEmpty) {
      this.options.logger.warn(`${this.options.spool.bytes} bytes of events remain in ${this.options.spool.dir}; they are delivered when an emitter starts with this spoolDir`);
    }
    await this.options.sink.close();
  }

  get buffered(): number {
    return this.buffer.length;
  }

  private pump(): Promise<void> {
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    this.pumping ??= this.run()
      .catch((error: unknown) => this.options.logger.error(`delivery loop failed: ${String(error)}`))
      .finally(() => {
        this.pumping = undefined;
        // Events that arrived while the last write was in flight.
        if (this.buffer.length > 0 && !this.closed) this.pump();
      });
    return this.pumping;
  }

  private async run(): Promise<void> {
    await this.ready;
    for (;;) {
      await this.spills;
      if (!this.sinkDown && !this.options.spool.isEmpty) {
        if (await this.deliverSpooled()) continue;
      }
      if (this.buffer.length === 0) return;
      const batch = this.cut(this.buffer.splice(0, this.batchSize), this.encoded.splice(0, this.batchSize));
      if (this.sinkDown || !this.options.spool.isEmpty) await this.toSpool(batch);
      else await this.deliver(batch);
    }
  }

  private cut(lines: string[], encoded: (Uint8Array | undefined)[]): Batch {
    const batch: Batch = { seq: this.options.spool.reserve(), lines };
    if (encoded.every((bytes) => bytes !== undefined)) batch.encoded = encoded as Uint8Array[];
    return batch;
  }

  private async deliver(batch: Batch): Promise<void> {
    try {
      const sink = this.options.sink;
      if (batch.encoded !== undefined && sink.writeEncoded !== undefined) await sink.writeEncoded(batch.encoded);
      else await sink.write(batch.lines);
      this.stats.delivered += batch.lines.length;
      this.dropping = false;
      this.settle(batch.lines.length);
    } catch (error) {
      if (error instanceof PermanentSinkError) return this.reject(batch.lines.length, error);
      this.sinkDown = true;
      this.options.logger.warn(`sink write failed, spooling to ${this.options.spool.dir}: ${String(error)}`);
      this.scheduleRetry(this.backoffMs);
      await this.toSpool(batch);
    }
  }

  /** True when the oldest spooled batch left the spool (delivered or rejected). */
  private async deliverSpooled(): Promise<boolean> {
    const segment = await this.options.spool.peek();
    if (!segment) return false;
    try {
      await this.options.sink.write(segment.lines);
      this.stats.delivered += segment.lines.length;
      this.backoffMs = this.options.retryInitialMs ?? 200;
    } catch (error) {
      if (!(error instanceof PermanentSinkError)) {
        this.sinkDown = true;
        this.backoffMs = Math.min(this.backoffMs * 2, this.options.retryMaxMs ?? 30_000);
        this.scheduleRetry(this.backoffMs);
        return false;
      }
      this.stats.rejected += segment.lines.length;
      this.options.logger.error(`sink rejected ${segment.lines.length} spooled events for good: ${error.message}`);
    }
    await this.options.spool.remove(segment.name);
    return true;
  }

  /** Buffer full (sink slow): move it to disk now rather than block or drop. */
  private spill(): void {
    const lines = this.buffer;
    const encoded = this.encoded;
    this.buffer = [];
    this.encoded = [];
    this.spills = this.spills.then(async () => {
      await this.ready;
      for (let at = 0; at < lines.length; at += this.batchSize) {
        await this.toSpool(this.cut(lines.slice(at, at + this.batchSize), encoded.slice(at, at + this.batchSize)));
      }
    });
    this.pump();
  }

  private async toSpool(batch: Batch): Promise<void> {
    let stored = false;
    try {
      stored = await this.options.spool.append(batch.lines, batch.seq);
    } catch (error) {
      this.options.logger.error(`cannot write spool ${this.options.spool.dir}: ${String(error)}`);
    }
    if (stored) {
      this.stats.spooled += batch.lines.length;
      this.dropping = false;
      this.settle(batch.lines.length);
    } else {
      this.drop(batch.lines.length, `spool ${this.options.spool.dir} is full or unwritable`);
    }
  }

  private drop(count: number, why: string): void {
    this.stats.dropped += count;
    if (!this.dropping) {
      this.dropping = true;
      this.options.logger.warn(`AUDIT EVENTS DROPPED: ${why}; further drops in this burst are counted in stats().dropped only`);
    }
    this.settle(count);
  }

  private reject(count: number, error: PermanentSinkError): void {
    this.stats.rejected += count;
    this.options.logger.error(`sink rejected a batch of ${count} events for good (not retried): ${error.message}`);
    this.settle(count);
  }

  private settle(count: number): void {
    this.settled += count;
    const ready = this.waiters.filter((waiter) => waiter.target <= this.settled);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.target > this.settled);
    for (const waiter of ready) waiter.resolve();
  }

  private scheduleRetry(delayMs: number): void {
    if (this.retryTimer !== undefined || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.sinkDown = false;
      void this.pump();
    }, delayMs).unref();
  }
}
