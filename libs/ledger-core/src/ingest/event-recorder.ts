import type { LedgerEvent } from '@mcp-ledger/events';

export interface WriteResult {
  /** Events of the request that are now durable (newly, or already before). */
  accepted: number;
  /** Of those, how many were known already or repeated within the request (0 when unknown). */
  duplicates: number;
}

/**
 * Where validated ingest batches go: the embedded store (LedgerWriter) or, in gateway
 * mode, the Kafka events topic (KafkaGatewayRecorder). Either resolves only once the
 * events are durable there; only then does the client get its 202.
 */
export interface EventRecorder {
  record(events: readonly LedgerEvent[]): Promise<WriteResult>;
  /** For /healthz: can it accept events now, and what is it. */
  health(): Promise<{ ok: boolean; target: string }>;
}

export const EVENT_RECORDER = Symbol('EVENT_RECORDER');
