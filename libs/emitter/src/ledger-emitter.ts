import type { EventSource, LedgerEvent, SealedEvent } from '@mcp-ledger/events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskSpool } from './delivery/disk-spool';
import { EventDispatcher } from './delivery/event.dispatcher';
import { consoleLogger, type EmitterLogger, type EventSink } from './delivery/event-sink';
import type { ValueBounds } from './recorder/bounded-value';
import { SessionRecorder, type SessionCredentials, type SessionEndReason } from './recorder/session-recorder';
import { uuidv7 } from './recorder/uuid-v7';
import type { RedactionConfig } from '@mcp-ledger/redaction';
import { createSecretRedactor, type Redactor } from './redaction/secret.redactor';
import { CaptureQueue } from './transport/capture-queue';
import { instrumentTransportWithHandle } from './transport/ledger.transport';
import type { CaptureAnnotation, CapturedMessage, McpTransportLike, MessageDirection, TransportSide } from './transport/mcp-transport.types';
import { transportName } from './transport/transport-name';
import { checkedTask, type TaskOption } from './task-option';

export interface LedgerEmitterOptions {
  sink: EventSink;
  tenant?: string;
  kind?: EventSource['kind'];
  host?: string;
  agent?: string;
  /**
   * The task the agent works on (`source.task` of every event), when the host knows it;
   * a session's own `task` (wrap / record) overrides it. An invalid id throws a
   * `TaskOptionError` here, not at ingest.
   */
  task?: TaskOption;
  /** Replaces the default secret redactor (its redactions are then not counted). */
  redact?: Redactor;
  /**
   * Configures the default redactor (ignored with `redact`): detectors to disable, personal
   * data to enable, custom detectors, an allow-list. Checked when the emitter is created.
   */
  redaction?: RedactionConfig;
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
  /** The task of this session (overrides the emitter's `task`). */
  task?: TaskOption;
}

/** Options of {@link LedgerEmitter.record}: as {@link WrapOptions}, with the transport name expected. */
export interface RecordOptions extends WrapOptions {
  /** `source.transport` (stdio, streamable-http…): there is no SDK class to infer it from. */
  transport?: string;
  /** Keep `serverName` even when the server announces another name (a proxy's `--name`). */
  keepServerName?: boolean;
  /** The transport-level session id (e.g. `Mcp-Session-Id`), read lazily like an SDK transport's. */
  getTransportSessionId?: () => string | undefined;
  /**
   * Credentials the recorded server was started with, by NAME only (env variable names,
   * OAuth scopes): recorded in `session.started.credentials`. Never pass values.
   */
  credentials?: SessionCredentials;
}

/**
 * One ledger session fed by hand: for code that sees MCP messages without owning an SDK
 * transport (a proxy relaying bytes, a log importer). Same hot-path contract as `wrap`:
 * `capture` only queues a reference; recording happens off the caller's turn.
 */
export interface RecordedSession {
  readonly sessionId: string;
  /**
   * Queues one parsed JSON-RPC message (or batch). `outbound`: sent by the recorded side;
   * `inbound`: received from its peer. Never throws.
   *
   * `annotation` (optional, for a single message): what the caller decided about it, e.g.
   * `{ policy }` on a `tools/call` request it gated, recorded as `policy.evaluated` right
   * after the request, with the request's `call_id`. Costs one more property on the queue.
   */
  capture(message: unknown, direction: MessageDirection, annotation?: CaptureAnnotation): void;
  /** Records what was captured and ends the session (`session.ended`, default reason `closed`). Idempotent. */
  close(reason?: SessionEndReason, error?: string): void;
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
  /** Records messages captured by the caller (no SDK transport) as one ledger session. */
  record(options: RecordOptions): RecordedSession;
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
  const redact = options.redact ?? createSecretRedactor({ config: options.redaction, onRedaction: () => (counts.redactions += 1) });
  const spool = new DiskSpool({ dir: options.spoolDir ?? join(tmpdir(), 'mcp-ledger-spool', emitterId), maxBytes: options.spoolMaxBytes });
  const defaultTask = checkedTask(options.task, 'task');
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
        task: checkedTask(wrapOptions.task, 'wrap.task') ?? defaultTask,
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

    record(recordOptions) {
      const recorder = new SessionRecorder({
        ...options,
        ...recordOptions,
        agent: recordOptions.agent ?? options.agent,
        task: checkedTask(recordOptions.task, 'record.task') ?? defaultTask,
        redact,
      });
      const queue = new CaptureQueue({
        capacity: options.captureCapacity ?? 65536,
        drain: (batch) => {
          counts.enqueued += batch.length;
          for (const captured of batch) {
            safely('recording a message', () => deliver(recorder.recordSealed(captured)));
          }
        },
        onOverflow: () => {
          counts.captureDropped += 1;
          if (!overflowLogged) {
            overflowLogged = true;
            logger.warn(`AUDIT MESSAGES DROPPED: capture queue of session ${recorder.sessionId} is full (captureCapacity)`);
          }
        },
      });
      const drainNow = (): void => queue.drainNow();
      sessions.push({ recorder, drainNow });
      return {
        sessionId: recorder.sessionId,
        capture(message, direction, annotation) {
          if (recorder.isEnded) return;
          const captured: CapturedMessage = { message, direction, wallTimeMs: Date.now(), monoMs: performance.now() };
          if (annotation !== undefined) captured.annotation = annotation;
          queue.push(captured);
        },
        close(reason = 'closed', error) {
          safely('draining captured messages', drainNow);
          safely('ending a session', () => {
            deliver(recorder.endSealed(reason, { wallTimeMs: Date.now(), monoMs: performance.now() }, error));
          });
          const index = sessions.findIndex((session) => session.recorder === recorder);
          if (index >= 0) sessions.splice(index, 1);
        },
      };
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
