import { TOPICS } from '@mcp-ledger/events';
import type { IdempotentProducer } from './idempotent.producer';
import type { ConsumedMessage, HeaderValue } from './kafka.types';

/** Headers a dead letter carries besides the original ones. */
export const DEAD_LETTER_HEADERS = {
  reason: 'mcp-ledger.dlq.reason',
  sourceTopic: 'mcp-ledger.dlq.source-topic',
  sourcePartition: 'mcp-ledger.dlq.source-partition',
  sourceOffset: 'mcp-ledger.dlq.source-offset',
  failedAt: 'mcp-ledger.dlq.failed-at',
} as const;

export interface DeadLetterInfo {
  reason: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  failedAt: string;
}

/**
 * Publishes messages that cannot be processed (not JSON, wrong schema, unknown version) to
 * the dead-letter topic: the original key, value bytes and headers untouched, plus why and
 * where they came from, so they can be inspected and replayed.
 *
 * @example
 * const dlq = new DeadLetterProducer(producer);
 * await dlq.publish(message, 'schema: data.tool_name is required');
 */
export class DeadLetterProducer {
  constructor(
    private readonly producer: IdempotentProducer,
    private readonly topic: string = TOPICS.deadLetter,
  ) {}

  /** Resolves once the dead letter is acknowledged: commit the source offset only after that. */
  publish(message: ConsumedMessage, reason: string): Promise<void> {
    const headers: Record<string, HeaderValue> = {
      ...message.headers,
      [DEAD_LETTER_HEADERS.reason]: reason,
      [DEAD_LETTER_HEADERS.sourceTopic]: message.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(message.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: message.offset,
      [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
    };
    return this.producer.send({ topic: this.topic, key: message.key, value: message.value, headers });
  }

  publishMany(letters: readonly { message: ConsumedMessage; reason: string }[]): Promise<void> {
    return Promise.all(letters.map(({ message, reason }) => this.publish(message, reason))).then(() => undefined);
  }
}

/** Reads the dead-letter headers back; undefined when the message is not a dead letter. */
export function readDeadLetter(message: ConsumedMessage): DeadLetterInfo | undefined {
  const header = (name: string) => message.headers[name]?.toString('utf8');
  const reason = header(DEAD_LETTER_HEADERS.reason);
  const sourceTopic = header(DEAD_LETTER_HEADERS.sourceTopic);
  const sourcePartition = header(DEAD_LETTER_HEADERS.sourcePartition);
  const sourceOffset = header(DEAD_LETTER_HEADERS.sourceOffset);
  if (reason === undefined || sourceTopic === undefined || sourcePartition === undefined || sourceOffset === undefined) {
    return undefined;
  }
  return {
    reason,
    sourceTopic,
    sourcePartition: Number(sourcePartition),
    sourceOffset,
    failedAt: header(DEAD_LETTER_HEADERS.failedAt) ?? '',
  };
}
