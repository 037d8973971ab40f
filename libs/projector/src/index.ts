/**
 * @mcp-ledger/projector — the distributed write side: a Kafka consumer group member that
 * stores every valid event with the embedded ledger's own writer and dead-letters the rest.
 */
export { decodeEventMessage, type DecodedMessage } from './decode-event.message';
export { KafkaProjector, type ProjectorStatus } from './kafka-projector';
export { ProjectBatchCommand, type ProjectBatchResult } from './project-batch.command';
export { ProjectorModule } from './projector.module';
export type { ProjectorOptions } from './projector-options';
