import type { EventSource, LedgerEvent, SealedEvent } from '@mcp-ledger/events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskSpool } from './delivery/disk-spool';
import { EventDispatcher } from './delivery/event.dispatcher';
import { consoleLogger, type EmitterLogger, type EventSink } from './delivery/event-sink';
import type { ValueBounds } from './recorder/bounded-value';
import { SessionRecorder } from './recorder/session-recorder';
import { uuidv7 } from './recorder/uuid-v7';
import { createSecretRedactor, type Redactor } from './redaction/secret.redactor';
import { instrumentTransportWithHandle } from './transport/ledger.transport';
import type { McpTransportLike, TransportSide } from './transport/mcp-transport.types';
import { transportName } from './transport/transport-name';

export interface LedgerEmitterOptions {
  sink: EventSink;
  tenant?: string;
  kind?: EventSource['kind'];
  host?: string;
  agent?: string;
  /** Replaces the default secret redactor (its redactions are then not counted). */
  redact?: Redactor;
  /** Bound of ContentRef bodies in bytes (default 65536). */
  maxContentBytes?: number;
  valueBounds?: Partial<ValueBounds>;
  /** Default `os.tmpdir()/mcp-ledger-spool/<emitterId>`; reuse a directory to resume its backlog. */
  spoolDir?: string;
  /** Default 256 MiB. */
  spoolMaxBytes?: number;
  batchSize?: number;
  lingerMs?: number;
  maxBufferedEvents?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** Messages captured between two drains (default 65536). */
  captureCapacity?: number;
  logger?: EmitterLogger;
  emitterId?: string;
}

export interface WrapOptions {
  side: TransportSide;
  /** Ledger session id of this connection (default: a new UUID v7). */
  sessionId?: string;
  serverName?: string;
  /** Transport name for `source.transport`; inferred from the SDK class when absent. */
  transport?: string;
  agent?: string;
}

export interface EmitterStats {
  /** MCP messages captured on the hot path. */
  enqueued: number;
  /** Ledger events produced from them. */
  emitted: number;
  delivered: number;
  spooled: number;
  /** Events (or captured messages) lost; every burst is also logged. */
  dropped: number;
  rejected: number;
  redactions: number;
}

export interface LedgerEmitter {
  /** Records every message of this connection as one ledger session. */
  wrap<T extends McpTransportLike>(transport: T, options: WrapOptions): T;
  /** Resolves when everything captured so far is delivered or spooled. */
  flush(): Promise<void>;
  /** Ends open sessions (`emitter_shutdown`), flushes within `timeoutMs` (default 5 s), closes the sink. */
  close(options?: { timeoutMs?: number }): Promise<void>;
  stats(): EmitterStats;
}

/**
 * Creates an emitter: wrap MCP transports with it, and their traffic becomes ledger
 * events delivered to `sink`, with a disk spool behind it.
 *
 * @example
 * const emitter = createLedgerEmitter({ sink: new HttpSink({ url: 'http://127.0.0.1:4318' }) });
 * await client.connect(emitter.wrap(new StdioClientTransport({ command: 'my-server' }), { side: 'client' }));
 * // …
 * await emitter.close();
 */
export function createLedgerEmitter(options: LedgerEmitterOptions): LedgerEmitter {
  const logger = options.logger ?? consoleLogger;
  const emitterId = options.emitterId ?? uuidv7();
  const counts = { enqueued: 0, emitted: 0, captureDropped: 0, redactions: 0 };
  const redact = options.redact ?? createSecretRedactor({ onRedaction: () => (counts.redactions += 1) });
  const spool = new DiskSpool({ dir: options.spoolDir ?? join(tmpdir(), 'mcp-ledger-spool', emitterId), maxBytes: options.spoolMaxBytes });
  const dispatcher = new EventDispatcher({ ...options, sink: options.sink, spool, logger });
  const sessions: { recorder: SessionRecorder; drainNow: () => void }[] = [];
  let overflowLogged = false;

  // Each event was serialised once, when sealed: its line goes to the dispatcher as is.
  const deliver = (sealed: SealedEvent<LedgerEvent>[]): void => {
    if (sealed.length === 0) return;
    counts.emitted += sealed.length;
    dispatcher.enqueueSealed(sealed);
  };

  // The emitter must never throw into the MCP call path: whatever fails here is logged.
  const safely = (what: string, work: () => void): void => {
    try {
      work();
    } catch (error) {
      logger.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };

  return {
    wrap(transport, wrapOptions) {
      const recorder = new SessionRecorder({
        ...options,
        ...wrapOptions,
        agent: wrapOptions.agent ?? options.agent,
        transport: wrapOptions.transport ?? transportName(transport),
        redact,
        getTransportSessionId: () => transport.sessionId,
      });
      const handle = instrumentTransportWithHandle(transport, {
        side: wrapOptions.side,
        captureCapacity: options.captureCapacity,
        onMessages: (batch) => {
          counts.enqueued += batch.length;
          for (const captured of batch) {
            safely('recording a message', () => deliver(recorder.recordSealed(captured)));
          }
        },
        onClose: () =>
          safely('ending a session', () => {
            deliver(recorder.endSealed('closed', { wallTimeMs: Date.now(), monoMs: performance.now() }));
          }),
        onCaptureOverflow: () => {
          counts.captureDropped += 1;
          if (!overflowLogged) {
            overflowLogged = true;
            logger.warn(`AUDIT MESSAGES DROPPED: capture queue of session ${recorder.sessionId} is full (captureCapacity)`);
          }
        },
      });
      sessions.push({ recorder, drainNow: handle.drainNow });
      return handle.transport;
    },

    async flush() {
      for (const session of sessions) safely('draining captured messages', session.drainNow);
      overflowLogged = false;
      await dispatcher.flush();
    },

    async close(closeOptions = {}) {
      for (const session of sessions) {
        safely('draining captured messages', session.drainNow);
        safely('ending a session', () => {
          deliver(session.recorder.endSealed('emitter_shutdown', { wallTimeMs: Date.now(), monoMs: performance.now() }));
        });
      }
      await dispatcher.close(closeOptions.timeoutMs);
    },

    stats() {
      const delivery = dispatcher.stats;
      return {
        enqueued: counts.enqueued,
        emitted: counts.emitted,
        delivered: delivery.delivered,
        spooled: delivery.spooled,
        dropped: delivery.dropped + counts.captureDropped,
        rejected: delivery.rejected,
        redactions: counts.redactions,
      };
    },
  };
}
