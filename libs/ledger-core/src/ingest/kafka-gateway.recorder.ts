import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { canonicalJson, TOPICS, type LedgerEvent } from '@mcp-ledger/events';
import { IdempotentProducer, type KafkaConnectionOptions } from '@mcp-ledger/kafka';
import type { EventRecorder, WriteResult } from './event-recorder';

/**
 * Gateway mode: for emitters that cannot reach the brokers, validated batches are produced
 * to the events topic (keyed by session id, so a session stays ordered in one partition)
 * and acknowledged once the broker has them (acks = all). The projectors do the rest.
 */
@Injectable()
export class KafkaGatewayRecorder implements EventRecorder, OnApplicationShutdown {
  private readonly producer: IdempotentProducer;

  constructor(private readonly connection: KafkaConnectionOptions) {
    this.producer = new IdempotentProducer(connection);
  }

  /** Fails fast at boot when no broker answers. */
  connect(): Promise<void> {
    return this.producer.connect();
  }

  async record(events: readonly LedgerEvent[]): Promise<WriteResult> {
    await this.producer.sendMany(
      events.map((event) => ({ topic: TOPICS.events, key: event.session_id, value: canonicalJson(event) })),
    );
    return { accepted: events.length, duplicates: 0 };
  }

  async health(): Promise<{ ok: boolean; target: string }> {
    const bootstrap = [this.connection.bootstrap].flat().join(',');
    return { ok: true, target: `Kafka topic ${TOPICS.events} at ${bootstrap}` };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.close();
  }
}
