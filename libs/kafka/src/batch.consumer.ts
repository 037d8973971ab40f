import type { Batch, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { consoleKafkaLogger, createKafkaClient } from './kafka-client';
import type { ConsumedMessage, KafkaConnectionOptions, KafkaLogger } from './kafka.types';

/** One partition's worth of messages, in offset order. */
export interface ConsumedBatch {
  topic: string;
  partition: number;
  messages: readonly ConsumedMessage[];
  /** Keeps the group membership alive; the runner also calls it while the handler runs. */
  heartbeat(): Promise<void>;
}

/**
 * Writes the batch durably (e.g. one ClickHouse insert) and resolves. Offsets are
 * committed only after it resolved; if it rejects, nothing of the batch is committed and
 * the consumer restarts, so the same messages arrive again (at-least-once). Poison
 * messages are the handler's to dead-letter, not to throw on.
 */
export type BatchHandler = (batch: ConsumedBatch) => Promise<void>;

export interface BatchConsumerOptions extends KafkaConnectionOptions {
  groupId: string;
  topics: readonly string[];
  handler: BatchHandler;
  /** Where a group without committed offsets starts. Default true: from offset 0 (replay). */
  fromBeginning?: boolean;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** How long a fetch waits for data before returning empty. Default 100 ms (latency over fewer requests). */
  maxWaitTimeMs?: number;
  maxBytesPerPartition?: number;
  partitionsConsumedConcurrently?: number;
  /** Delay before a crashed consumer starts again, doubled per consecutive crash. Default 500 ms → 30 s. */
  restartBackoffMs?: { initial: number; max: number };
  /** Signals that stop the consumer cleanly before the process exits; `false` for none. Default SIGTERM, SIGINT. */
  shutdownSignals?: readonly NodeJS.Signals[] | false;
  /** Told about every crash (handler error, lost broker) before the restart. */
  onCrash?: (error: Error, restartInMs: number) => void;
}

/** Errors after which kafkajs re-joins the group and fetches from the committed offsets itself. */
const REJOIN_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);

function isRejoinError(error: unknown): boolean {
  const type = error instanceof Error ? (error as Error & { type?: unknown }).type : undefined;
  return typeof type === 'string' && REJOIN_ERRORS.has(type);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, Buffer> {
  const decoded: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) decoded[name] = typeof last === 'string' ? Buffer.from(last) : last;
  }
  return decoded;
}

/** A fetched kafkajs message in the library's own vocabulary (also the live tail's). */
export function decode(batch: Batch, message: KafkaMessage): ConsumedMessage {
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? Buffer.alloc(0),
    headers: decodeHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}

/**
 * Runs a consumer group over `topics`, handing each fetched batch to `handler`, and
 * commits a batch's offsets only after the handler resolved.
 *
 * Any failure that kafkajs cannot recover from by re-joining the group — the handler
 * rejecting, a lost broker — ends the current kafkajs consumer and starts a fresh one
 * after a backoff. A fresh consumer resumes from the committed offsets, so nothing
 * unhandled is skipped (kafkajs's in-place retries cannot promise that once its fetch
 * position has moved past a failed batch).
 *
 * @example
 * const consumer = new BatchConsumer({
 *   bootstrap, clientId: 'projector', groupId: 'projector', topics: [TOPICS.events],
 *   handler: async ({ messages }) => { await insertRows(messages.map(toRow)); },
 * });
 * await consumer.start();
 */
export class BatchConsumer {
  private readonly kafka: Kafka;
  private readonly logger: KafkaLogger;
  private readonly heartbeatIntervalMs: number;
  private readonly backoff: { initial: number; max: number };
  private readonly signals: readonly NodeJS.Signals[];
  private consumer: Consumer | undefined;
  private generation = 0;
  private consecutiveCrashes = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private restarting = false;
  private stopping = false;
  private crashCount = 0;

  constructor(private readonly options: BatchConsumerOptions) {
    this.kafka = createKafkaClient(options);
    this.logger = options.logger ?? consoleKafkaLogger;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3_000;
    this.backoff = options.restartBackoffMs ?? { initial: 500, max: 30_000 };
    this.signals = options.shutdownSignals === false ? [] : (options.shutdownSignals ?? ['SIGTERM', 'SIGINT']);
  }

  /** Connects, subscribes and starts consuming; rejects if the broker cannot be reached now. */
  async start(): Promise<void> {
    for (const signal of this.signals) process.once(signal, this.onSignal);
    await this.launch();
  }

  /** Waits for the batch in progress, commits what was handled, leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const signal of this.signals) process.off(signal, this.onSignal);
    clearTimeout(this.restartTimer);
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }

  /** How many times the consumer crashed and was started again. */
  get crashes(): number {
    return this.crashCount;
  }

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.logger.info(`${signal}: stopping consumer group ${this.options.groupId}`);
    void this.stop()
      .catch((error: unknown) => this.logger.error('clean shutdown failed', { error: asError(error).message }))
      .finally(() => {
        // Our handler replaced Node's default for this signal: restore what it would have done.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
  };

  private async launch(): Promise<void> {
    const generation = ++this.generation;
    const { options } = this;
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.heartbeatIntervalMs,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 100,
      maxBytesPerPartition: options.maxBytesPerPartition,
      allowAutoTopicCreation: false,
      // Restarts are ours (a fresh consumer from the committed offsets), never kafkajs's.
      retry: { retries: 5, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => this.crashed(generation, payload.error));
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.handleBatch(generation, payload),
    });
  }

  private async handleBatch(generation: number, payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    // A consumer that crashed keeps receiving already-fetched batches until it is gone:
    // leave them unresolved, the next consumer gets them again.
    if (generation !== this.generation || this.restarting || !isRunning() || isStale()) return;
    const messages = batch.messages.map((message) => decode(batch, message));
    const last = messages[messages.length - 1];
    if (!last) return;

    let heartbeatError: unknown;
    const beat = setInterval(() => {
      heartbeat().catch((error: unknown) => (heartbeatError ??= error));
    }, this.heartbeatIntervalMs);
    try {
      await this.options.handler({ topic: batch.topic, partition: batch.partition, messages, heartbeat });
    } catch (error) {
      this.crashed(generation, asError(error));
      return;
    } finally {
      clearInterval(beat);
    }

    if (heartbeatError !== undefined) {
      // Partitions may have moved while the handler ran: do not commit for them. A rebalance
      // error tells kafkajs to re-join (it then fetches from the committed offsets); any
      // other heartbeat failure restarts the consumer.
      if (isRejoinError(heartbeatError)) throw heartbeatError;
      this.crashed(generation, asError(heartbeatError));
      return;
    }
    if (!isRunning() || isStale()) return;
    this.consecutiveCrashes = 0;
    // The runner commits resolved offsets as soon as this function returns (autoCommit).
    resolveOffset(last.offset);
  }

  private crashed(generation: number, error: Error): void {
    if (generation !== this.generation || this.restarting || this.stopping) return;
    this.restarting = true;
    this.crashCount += 1;
    const delay = Math.min(this.backoff.initial * 2 ** this.consecutiveCrashes, this.backoff.max);
    this.consecutiveCrashes += 1;
    this.logger.error(`consumer group ${this.options.groupId} crashed, restarting in ${delay} ms`, {
      error: error.message,
    });
    this.options.onCrash?.(error, delay);
    const consumer = this.consumer;
    // Not awaited: this may run inside eachBatch, and disconnect waits for eachBatch to return.
    void (consumer ? consumer.disconnect() : Promise.resolve())
      .catch((disconnectError: unknown) =>
        this.logger.warn('disconnect after crash failed', { error: asError(disconnectError).message }),
      )
      .then(() => {
        if (this.stopping) return;
        this.restartTimer = setTimeout(() => this.relaunch(), delay);
      });
  }

  private relaunch(): void {
    this.restarting = false;
    if (this.stopping) return;
    const generation = this.generation + 1;
    this.launch().catch((error: unknown) => this.crashed(generation, asError(error)));
  }
}
