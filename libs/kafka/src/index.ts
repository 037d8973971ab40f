/**
 * @mcp-ledger/kafka — the only package that talks to Kafka (and the only importer of
 * kafkajs, whose types stay inside): an idempotent batching producer, a batch consumer
 * group runner that commits only after the handler's durable write, a dead-letter
 * producer, a live-tail reader (latest offsets, no commits) and declarative topic
 * administration.
 *
 * @example
 * await ensureTopics(bootstrap, 'deploy/kafka/topics.json');
 * const producer = new IdempotentProducer({ bootstrap, clientId: 'emitter' });
 * await producer.send({ topic: TOPICS.events, key: sessionId, value: line });
 */
export { BatchConsumer, type BatchConsumerOptions, type BatchHandler, type ConsumedBatch } from './batch.consumer';
export { readCommittedOffsets, type CommittedOffset } from './consumer-group.admin';
export { DEAD_LETTER_HEADERS, DeadLetterProducer, readDeadLetter, type DeadLetterInfo } from './dead-letter.producer';
export { IdempotentProducer, type IdempotentProducerOptions } from './idempotent.producer';
export { KafkaDeliveryError, TopicsFileError } from './kafka.errors';
export { LiveTailConsumer, type LiveTailConsumerOptions, type LiveTailHandler } from './live-tail.consumer';
export type { ConsumedMessage, HeaderValue, KafkaConnectionOptions, KafkaLogger, OutgoingMessage } from './kafka.types';
export { ensureTopics, type EnsureTopicsOptions, type EnsureTopicsResult, type TopicDrift } from './topic-admin';
export { loadTopicsFile, parseTopicsFile, TopicsFileSchema, type TopicSpec, type TopicsFile } from './topics-file.schema';
export { KafkaEventSink, sessionIdOfLine } from './kafka-event.sink';
