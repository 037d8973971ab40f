/**
 * @mcp-ledger/emitter — records MCP traffic as ledger events. Wrap any MCP SDK transport
 * (v1 `@modelcontextprotocol/sdk` or the v2 split packages, client or server side); its
 * messages are captured on the hot path by reference only, turned into hash-chained
 * events off the caller's turn, and delivered in batches to a sink with a disk spool
 * behind it.
 *
 * @example
 * const emitter = createLedgerEmitter({ sink: new HttpSink({ url: 'http://127.0.0.1:4318' }) });
 * const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
 * await client.connect(emitter.wrap(clientSide, { side: 'client' }));
 * await emitter.flush();
 */
export { createLedgerEmitter, type EmitterStats, type LedgerEmitter, type LedgerEmitterOptions, type RecordedSession, type RecordOptions, type WrapOptions } from './ledger-emitter';
export {
  instrumentTransport,
  instrumentTransportWithHandle,
  type InstrumentedTransport,
  type InstrumentTransportOptions,
} from './transport/ledger.transport';
export type { ApprovalNote, CaptureAnnotation, CapturedMessage, McpTransportLike, PolicyNote, MessageDirection, TransportSide } from './transport/mcp-transport.types';
export { SessionRecorder, type SessionCredentials, type SessionEndReason, type SessionRecorderOptions } from './recorder/session-recorder';
export { buildContentRef, DEFAULT_MAX_CONTENT_BYTES } from './recorder/content-ref';
export { boundValue, DEFAULT_VALUE_BOUNDS, type ValueBounds } from './recorder/bounded-value';
export { createSecretRedactor, type Redactor, type SecretRedactorOptions } from './redaction/secret.redactor';
export { SECRET_PATTERNS, type SecretPattern } from './redaction/secret-patterns';
export { RedactionConfigError, type RedactionConfig } from '@mcp-ledger/redaction';
export { consoleLogger, PermanentSinkError, type EmitterLogger, type EventSink } from './delivery/event-sink';
export { EventDispatcher, type DeliveryStats, type EventDispatcherOptions } from './delivery/event.dispatcher';
export { DiskSpool, DEFAULT_SPOOL_MAX_BYTES, type DiskSpoolOptions } from './delivery/disk-spool';
export { HttpSink, type HttpSinkOptions } from './delivery/http.sink';
export { FileSink } from './delivery/file.sink';
export { MemorySink } from './delivery/memory.sink';
export { TaskOptionError, type TaskOption } from './task-option';
export { EMITTER_NAME, EMITTER_VERSION } from './version';
