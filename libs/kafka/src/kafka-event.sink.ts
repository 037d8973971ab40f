import { TOPICS } from '@mcp-ledger/events';
import { IdempotentProducer, type IdempotentProducerOptions } from './idempotent.producer';

const SESSION_KEY = '"session_id":"';

/**
 * The top-level `session_id` of a canonical event line. Keys are sorted, so the envelope's
 * own `session_id` comes after `data` (where tool arguments could hold a look-alike) and
 * before `source`, whose strict schema has no such key: the last occurrence is the one.
 * Identifiers never contain quotes or escapes (libs/events `Identifier`).
 */
export function sessionIdOfLine(line: string): string {
  const at = line.lastIndexOf(SESSION_KEY);
  if (at < 0) throw new Error('not an event line: no session_id');
  const start = at + SESSION_KEY.length;
  return line.slice(start, line.indexOf('"', start));
}

/**
 * An emitter sink that publishes straight to the events topic (structurally an
 * `EventSink` of @mcp-ledger/emitter: `write(lines)` / `close()`), keyed by session id so
 * a session stays ordered in one partition. A write resolves once the broker acknowledged
 * every line (acks = all); if the broker stays down longer than the producer's own retries,
 * it rejects and the emitter spools the batch to disk and redelivers it in order.
 */
export class KafkaEventSink {
  private readonly producer: IdempotentProducer;

  private readonly topic: string;

  /**
   * `deliveryTimeoutMs` defaults to 10 s here (not the producer's 120 s): during a longer
   * outage the emitter's disk spool, not this process's memory, should hold the events.
   */
  constructor({ topic = TOPICS.events, ...options }: IdempotentProducerOptions & { topic?: string }) {
    this.topic = topic;
    this.producer = new IdempotentProducer({ deliveryTimeoutMs: 10_000, ...options });
  }

  async write(lines: string[]): Promise<void> {
    await this.producer.sendMany(lines.map((line) => ({ topic: this.topic, key: sessionIdOfLine(line), value: line })));
  }

  close(): Promise<void> {
    return this.producer.close();
  }
}
