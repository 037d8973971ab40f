/**
 * @mcp-ledger/events — the contract every emitter, consumer and store shares: the
 * versioned envelope, a zod schema per event type, canonical hashing and topic names.
 *
 * @example
 * const result = parseLedgerEvent(JSON.parse(line));
 * if (!result.ok) console.error(result.rejection.message);
 */
export { canonicalJson, canonicalJsonQuoted, canonicalJsonWith, quote as quoteJson } from './canonical-json';
export { ContentRef, RpcError, Sha256Ref } from './content.schema';
export {
  EventSource,
  EventTask,
  Identifier,
  LedgerEventSchema,
  SPEC_VERSION,
  SUPPORTED_SPEC_VERSIONS,
  type LedgerEvent,
  type LedgerEventOf,
  type UnsealedEvent,
} from './envelope.schema';
export { computeEventHash, hashJson, HASH_PREFIX, sha256Ref } from './event-hash';
export { EVENT_DATA_SCHEMAS, EVENT_TYPES, isEventType, type EventData, type EventType } from './event-types';
export { sealEvent, type SealedEvent, type SealEventOptions } from './seal-event';
export { MAX_EVENT_DEPTH, parseLedgerEvent, pathDeeperThan, type EventRejection, type EventRejectionCode, type ParseEventResult } from './parse-event';
export { eventJsonSchema } from './json-schema';
export { ListedDefinition } from './payloads/inventory.payloads';
export { TOPICS } from './topics';
export { chainEvents, type UnchainedEvent } from './chain-events';
export { verifySessionChain, type ChainProblem, type ChainProblemKind, type StoredChainEvent } from './verify-chain';
