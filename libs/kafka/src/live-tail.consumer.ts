import { randomUUID } from 'node:crypto';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { decode as decodeMessage } from './batch.consumer';
import { consoleKafkaLogger, createKafkaClient } from './kafka-client';
import type { ConsumedMessage, KafkaConnectionOptions, KafkaLogger } from './kafka.types';

/**
 * Handles what arrived since the last call. A rejection is logged and the tail moves on:
 * there is no replay to go back to.
 */
export type LiveTailHandler = (messages: readonly ConsumedMessage[]) => Promise<void>;

export interface LiveTailConsumerOptions extends KafkaConnectionOptions {
  /** The group id is `<prefix>-<random>`: one group per process, so every process sees every message. */
  groupIdPrefix: string;
  topics: readonly string[];
  handler: LiveTailHandler;
  /** How long `start` waits for the first fetch (the tail's starting point is fixed by then). Default 30 s. */
  readyTimeoutMs?: number;
  /** How long a fetch waits for data before returning empty. Default 100 ms. */
  maxWaitTimeMs?: number;
  /** Delay before a crashed tail starts again (at the then latest offsets), doubled per consecutive crash. Default 500 ms → 30 s. */
  restartBackoffMs?: { initial: number; max: number };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Follows topics from their latest offsets: what is produced after `start` resolved, never
 * what was there before. A consumer group of its own (random id), all partitions, no offset
 * commits — nothing to resume, and the group is gone once this process leaves. For live
 * notices, not for anything that must be processed: a crash or a restart skips what was
 * produced meanwhile (BatchConsumer is the at-least-once reader).
 *
 * @example
 * const tail = new LiveTailConsumer({
 *   bootstrap, clientId: 'api', groupIdPrefix: 'mcp-ledger-api-live', topics: [TOPICS.ocsf],
 *   handler: async (messages) => { for (const message of messages) notify(message); },
 * });
 * await tail.start(); // resolves once it reads from the latest offsets
 */
export class LiveTailConsumer {
  readonly groupId: string;
  private readonly kafka: Kafka;
  private readonly logger: KafkaLogger;
  private readonly backoff: { initial: number; max: number };
  private consumer: Consumer | undefined;
  private generation = 0;
  private consecutiveCrashes = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(private readonly options: LiveTailConsumerOptions) {
    this.groupId = `${options.groupIdPrefix}-${randomUUID()}`;
    this.kafka = createKafkaClient(options);
    this.logger = options.logger ?? consoleKafkaLogger;
    this.backoff = options.restartBackoffMs ?? { initial: 500, max: 30_000 };
  }

  /**
   * Connects, joins its group and resolves after the first fetch, when the latest offsets
   * it reads from are fixed: a message produced after that is seen. Rejects if the broker
   * cannot be reached or the first fetch does not come within `readyTimeoutMs`.
   */
  async start(): Promise<void> {
    this.stopping = false;
    try {
      await this.launch(this.options.readyTimeoutMs ?? 30_000);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Leaves the group; a batch in progress is finished first. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }

  private async launch(readyTimeoutMs: number | undefined): Promise<void> {
    const generation = ++this.generation;
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 100,
      allowAutoTopicCreation: false,
      retry: { retries: 5, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    let fetched: () => void = () => undefined;
    const firstFetch = new Promise<void>((resolve) => (fetched = resolve));
    const removeFetchListener = consumer.on(consumer.events.FETCH, () => fetched());
    consumer.on(consumer.events.CRASH, ({ payload }) => this.crashed(generation, asError(payload.error)));
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: false });
    await consumer.run({
      // Nothing is committed: a member of a fresh group starts at the latest offsets, which is the point.
      autoCommit: false,
      eachBatch: (payload) => this.handleBatch(generation, payload),
    });
    if (readyTimeoutMs === undefined) return void firstFetch.then(removeFetchListener);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      firstFetch.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), readyTimeoutMs))),
    ]);
    clearTimeout(timer);
    removeFetchListener();
    if (timedOut) throw new Error(`live tail ${this.groupId}: no fetch from ${this.options.topics.join(', ')} within ${readyTimeoutMs} ms`);
  }

  private async handleBatch(generation: number, { batch, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (generation !== this.generation || !isRunning() || isStale() || batch.messages.length === 0) return;
    try {
      await this.options.handler(batch.messages.map((message) => decodeMessage(batch, message)));
      this.consecutiveCrashes = 0;
    } catch (error) {
      this.logger.error(`live tail ${this.groupId}: handler failed, ${batch.messages.length} messages of ${batch.topic}/${batch.partition} skipped`, {
        error: asError(error).message,
      });
    }
  }

  private crashed(generation: number, error: Error): void {
    if (generation !== this.generation || this.stopping) return;
    const delay = Math.min(this.backoff.initial * 2 ** this.consecutiveCrashes, this.backoff.max);
    this.consecutiveCrashes += 1;
    this.logger.error(`live tail ${this.groupId} crashed, restarting in ${delay} ms at the latest offsets`, { error: error.message });
    const consumer = this.consumer;
    void (consumer ? consumer.disconnect() : Promise.resolve())
      .catch((disconnectError: unknown) => this.logger.warn('disconnect after crash failed', { error: asError(disconnectError).message }))
      .then(() => {
        if (this.stopping) return;
        this.restartTimer = setTimeout(() => this.relaunch(), delay);
      });
  }

  private relaunch(): void {
    if (this.stopping) return;
    const generation = this.generation + 1;
    this.launch(undefined).catch((error: unknown) => this.crashed(generation, asError(error)));
  }
}
