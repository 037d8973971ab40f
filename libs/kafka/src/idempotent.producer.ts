import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import { consoleKafkaLogger, createKafkaClient } from './kafka-client';
import { classifySendFailure, KafkaDeliveryError } from './kafka.errors';
import type { KafkaConnectionOptions, KafkaLogger, OutgoingMessage } from './kafka.types';

export interface IdempotentProducerOptions extends KafkaConnectionOptions {
  /** How long the first message of a batch waits for company; at most 50 ms. Default 20. */
  lingerMs?: number;
  /** A batch is sent as soon as it holds this many messages. Default 1,000. */
  maxBatchMessages?: number;
  /** …or this many bytes of keys, values and headers. Default 1 MiB. */
  maxBatchBytes?: number;
  /**
   * How long one batch may keep failing (broker down, leader moving) before its messages,
   * and every message queued behind them, are rejected. Default 120 s; `Infinity` waits
   * for the broker forever.
   */
  deliveryTimeoutMs?: number;
  /** Backoff between attempts of the same batch, doubled up to `max`. Default 100 ms → 5 s. */
  retryBackoffMs?: { initial: number; max: number };
}

interface Pending {
  message: OutgoingMessage;
  bytes: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

const MAX_LINGER_MS = 50;

function byteLength(value: string | Buffer | null): number {
  if (value === null) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

function sizeOf(message: OutgoingMessage): number {
  let bytes = byteLength(message.key) + byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) bytes += byteLength(name) + byteLength(value);
  return bytes;
}

/** One `sendBatch` request: messages grouped by topic, each topic's messages in call order. */
function toTopicMessages(batch: readonly Pending[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const { message } of batch) {
    let messages = byTopic.get(message.topic);
    if (!messages) byTopic.set(message.topic, (messages = []));
    messages.push({ key: message.key, value: message.value, headers: message.headers ? { ...message.headers } : undefined });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Produces with acks from all in-sync replicas, idempotence and gzip, and does the two
 * things kafkajs does not:
 *
 * - **linger**: messages are collected for up to `lingerMs` (or until a batch is full)
 *   and sent in one request — kafkajs would send one request per `send` call;
 * - **outages**: a batch is retried with backoff until `deliveryTimeoutMs`, beyond
 *   kafkajs's own retry budget (~10 s), so a send made while the broker is down
 *   succeeds once it is back.
 *
 * Exactly one request is in flight per producer and a batch is retried before the next
 * one leaves, so messages with the same key are stored in the order `send` was called.
 * A batch that finally fails rejects every message queued behind it too: a caller that
 * spools and re-sends them keeps its order.
 *
 * @example
 * const producer = new IdempotentProducer({ bootstrap: '127.0.0.1:9092', clientId: 'emitter' });
 * await producer.send({ topic: TOPICS.events, key: event.session_id, value: JSON.stringify(event) });
 * await producer.close();
 */
export class IdempotentProducer {
  private readonly kafka: Kafka;
  private readonly logger: KafkaLogger;
  private readonly lingerMs: number;
  private readonly maxBatchMessages: number;
  private readonly maxBatchBytes: number;
  private readonly deliveryTimeoutMs: number;
  private readonly backoff: { initial: number; max: number };
  private producer: Producer | undefined;
  private connected = false;
  private queue: Pending[] = [];
  private queuedBytes = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private closed = false;

  constructor(options: IdempotentProducerOptions) {
    this.kafka = createKafkaClient(options);
    this.logger = options.logger ?? consoleKafkaLogger;
    this.lingerMs = Math.min(Math.max(options.lingerMs ?? 20, 0), MAX_LINGER_MS);
    this.maxBatchMessages = options.maxBatchMessages ?? 1_000;
    this.maxBatchBytes = options.maxBatchBytes ?? 1024 * 1024;
    this.deliveryTimeoutMs = options.deliveryTimeoutMs ?? 120_000;
    this.backoff = options.retryBackoffMs ?? { initial: 100, max: 5_000 };
  }

  /** Connects now, to fail fast at boot; `send` connects on its own otherwise. */
  async connect(): Promise<void> {
    await this.ensureConnected();
  }

  /** Resolves once the broker has acknowledged the message (acks = all). */
  send(message: OutgoingMessage): Promise<void> {
    if (this.closed) return Promise.reject(new KafkaDeliveryError('producer is closed', 'closed'));
    return new Promise<void>((resolve, reject) => {
      const bytes = sizeOf(message);
      this.queue.push({ message, bytes, resolve, reject });
      this.queuedBytes += bytes;
      this.schedule();
    });
  }

  /** Queues every message in order; resolves when all are acknowledged. */
  async sendMany(messages: readonly OutgoingMessage[]): Promise<void> {
    await Promise.all(messages.map((message) => this.send(message)));
  }

  /** Sends what is queued now, without waiting for the linger, and waits for it. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.draining) {
      this.startDraining();
      await this.draining;
    }
  }

  /** Number of messages accepted but not acknowledged yet. */
  get pending(): number {
    return this.queue.length;
  }

  /** Delivers what is queued (within the delivery timeout), then disconnects. */
  async close(): Promise<void> {
    this.closed = true;
    try {
      await this.flush();
    } finally {
      await this.disconnect();
    }
  }

  private schedule(): void {
    if (this.queue.length >= this.maxBatchMessages || this.queuedBytes >= this.maxBatchBytes) {
      this.startDraining();
    } else if (!this.lingerTimer && !this.draining) {
      this.lingerTimer = setTimeout(() => this.startDraining(), this.lingerMs);
    }
  }

  private startDraining(): void {
    if (this.lingerTimer) {
      clearTimeout(this.lingerTimer);
      this.lingerTimer = undefined;
    }
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      // Messages that arrived during the last request wait for their own linger.
      if (this.queue.length > 0) this.schedule();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.takeBatch();
      try {
        await this.deliver(batch);
        for (const pending of batch) pending.resolve();
      } catch (error) {
        const failure =
          error instanceof KafkaDeliveryError
            ? error
            : new KafkaDeliveryError(`delivery failed: ${String(error)}`, 'permanent', { cause: error });
        const behind = this.queue;
        this.queue = [];
        this.queuedBytes = 0;
        for (const pending of [...batch, ...behind]) pending.reject(failure);
      }
    }
  }

  private takeBatch(): Pending[] {
    let count = 0;
    let bytes = 0;
    for (const pending of this.queue) {
      // A single message larger than maxBatchBytes still goes alone; the broker judges it.
      if (count === this.maxBatchMessages || (count > 0 && bytes + pending.bytes > this.maxBatchBytes)) break;
      bytes += pending.bytes;
      count += 1;
    }
    this.queuedBytes -= bytes;
    return this.queue.splice(0, count);
  }

  private async deliver(batch: readonly Pending[]): Promise<void> {
    const topicMessages = toTopicMessages(batch);
    const deadline = Date.now() + this.deliveryTimeoutMs;
    let backoff = this.backoff.initial;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const producer = await this.ensureConnected();
        await producer.sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.GZIP, timeout: 30_000 });
        if (attempt > 1) this.logger.info('batch delivered after retries', { attempt, messages: batch.length });
        return;
      } catch (error) {
        const failure = classifySendFailure(error);
        if (failure === 'permanent') {
          throw new KafkaDeliveryError(`broker rejected the batch: ${errorMessage(error)}`, 'permanent', { cause: error });
        }
        if (Date.now() + backoff > deadline) {
          throw new KafkaDeliveryError(
            `batch of ${batch.length} not delivered within ${this.deliveryTimeoutMs} ms: ${errorMessage(error)}`,
            'timeout',
            { cause: error },
          );
        }
        this.logger.warn('batch not delivered yet, retrying', { attempt, backoffMs: backoff, error: errorMessage(error) });
        if (failure === 'reset-producer') {
          // The broker lost this producer's sequence state: a fresh producer id. The batch
          // may then be stored twice, which consumers absorb (the event id is the dedup key).
          await this.disconnect().catch((disconnectError: unknown) =>
            this.logger.warn('disconnect before producer reset failed', { error: errorMessage(disconnectError) }),
          );
        }
        await sleep(backoff);
        backoff = Math.min(backoff * 2, this.backoff.max);
      }
    }
  }

  private async ensureConnected(): Promise<Producer> {
    this.producer ??= this.kafka.producer({
      idempotent: true,
      // One request in flight: with more, per-key order broke here even with idempotence.
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
      // Short on purpose: one quick retry rides out a leader move; outages are deliver()'s
      // job, whose backoff and deadline are ours. It re-sends the same batch on the same
      // producer id, so the broker's sequence check still drops a copy that did land.
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
    });
    if (!this.connected) {
      await this.producer.connect();
      this.connected = true;
    }
    return this.producer;
  }

  private async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connected = false;
    await producer?.disconnect();
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
