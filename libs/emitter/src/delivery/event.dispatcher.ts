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

/** One event in the buffer: its line, or its line's UTF-8 plus `\n` when the sink takes bytes. */
type Entry = string | Uint8Array;

interface Batch {
  seq: number;
  entries: Entry[];
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
  private buffer: Entry[] = [];
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
    // Only one form is kept: bytes for a sink that takes them (the line string would
    // keep ~2 KB per event alive on the JS heap until the batch is written), else lines.
    const takesBytes = this.options.sink.writeEncoded !== undefined;
    for (const { line, bytes } of sealed) this.buffer.push(takesBytes && bytes !== undefined ? bytes : line);
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
      const batch = this.cut(this.buffer.splice(0, this.batchSize));
      if (this.sinkDown || !this.options.spool.isEmpty) await this.toSpool(batch);
      else await this.deliver(batch);
    }
  }

  private cut(entries: Entry[]): Batch {
    return { seq: this.options.spool.reserve(), entries };
  }

  private async deliver(batch: Batch): Promise<void> {
    try {
      const sink = this.options.sink;
      const encoded = sink.writeEncoded === undefined ? undefined : allEncoded(batch.entries);
      if (encoded !== undefined) await sink.writeEncoded?.(encoded);
      else await sink.write(linesOf(batch.entries));
      this.stats.delivered += batch.entries.length;
      this.dropping = false;
      this.settle(batch.entries.length);
    } catch (error) {
      if (error instanceof PermanentSinkError) return this.reject(batch.entries.length, error);
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
    const entries = this.buffer;
    this.buffer = [];
    this.spills = this.spills.then(async () => {
      await this.ready;
      for (let at = 0; at < entries.length; at += this.batchSize) await this.toSpool(this.cut(entries.slice(at, at + this.batchSize)));
    });
    this.pump();
  }

  private async toSpool(batch: Batch): Promise<void> {
    let stored = false;
    try {
      stored = await this.options.spool.append(linesOf(batch.entries), batch.seq);
    } catch (error) {
      this.options.logger.error(`cannot write spool ${this.options.spool.dir}: ${String(error)}`);
    }
    if (stored) {
      this.stats.spooled += batch.entries.length;
      this.dropping = false;
      this.settle(batch.entries.length);
    } else {
      this.drop(batch.entries.length, `spool ${this.options.spool.dir} is full or unwritable`);
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

/** The batch as bytes when every entry is (an emitter-sealed event), else undefined. */
function allEncoded(entries: readonly Entry[]): Uint8Array[] | undefined {
  for (const entry of entries) if (typeof entry === 'string') return undefined;
  return entries as Uint8Array[];
}

/** The batch as lines (spool, sinks without `writeEncoded`): bytes decoded without their newline. */
function linesOf(entries: readonly Entry[]): string[] {
  return entries.map((entry) =>
    typeof entry === 'string' ? entry : Buffer.from(entry.buffer, entry.byteOffset, entry.byteLength - 1).toString('utf8'),
  );
}
