import type { CapturedMessage, McpTransportLike, MessageDirection, TransportSide } from './mcp-transport.types';
import { CaptureQueue } from './capture-queue';

export interface InstrumentTransportOptions {
  side: TransportSide;
  /** Receives captured messages, in wire order, off the caller's turn. */
  onMessages: (batch: CapturedMessage[]) => void;
  /** Called once, off the caller's turn, after the transport reported it closed. */
  onClose?: () => void;
  /** Transport errors are not fatal in MCP; passed on for the record. */
  onError?: (error: Error) => void;
  /** Bound of the capture queue between two drains (default 65536 messages). */
  captureCapacity?: number;
  onCaptureOverflow?: () => void;
}

/** The wrapped transport plus the handle the emitter needs to drain it on `flush()`. */
export interface InstrumentedTransport<T> {
  transport: T;
  drainNow(): void;
}

type Handler = (...args: unknown[]) => unknown;

/**
 * Wraps any MCP SDK transport (v1 or v2, client or server side) so that every message
 * sent and received is captured, and returns a transport that behaves identically.
 *
 * A Proxy rather than a subclass or hand-written forwarder: every member the SDK adds
 * (`sessionId` getters, `setProtocolVersion`, `setSupportedProtocolVersions`,
 * `hasPerRequestStream`, …) keeps working without a change here. Only `send` and the
 * `onmessage` / `onclose` slots are intercepted.
 *
 * HOT PATH: `send` and the inbound handler push `{ message, direction, wallTimeMs,
 * monoMs }` onto a bounded queue and forward. Nothing is serialised, hashed, redacted
 * or awaited there.
 */
export function instrumentTransportWithHandle<T extends McpTransportLike>(inner: T, options: InstrumentTransportOptions): InstrumentedTransport<T> {
  const queue = new CaptureQueue({
    capacity: options.captureCapacity ?? 65536,
    drain: options.onMessages,
    onOverflow: options.onCaptureOverflow ?? (() => undefined),
  });
  const capture = (message: unknown, direction: MessageDirection): void => {
    queue.push({ message, direction, wallTimeMs: Date.now(), monoMs: performance.now() });
  };
  const target = inner as unknown as Record<PropertyKey, unknown>;
  let userOnMessage: Handler | undefined;
  let userOnClose: Handler | undefined;
  let userOnError: Handler | undefined;
  let closed = false;
  let closeReported = false;

  const onMessage = (...args: unknown[]): unknown => {
    capture(args[0], 'inbound');
    return userOnMessage?.(...args);
  };
  const drainNow = (): void => {
    queue.drainNow();
    if (closed && !closeReported) {
      closeReported = true;
      options.onClose?.();
    }
  };
  const onClose = (...args: unknown[]): unknown => {
    if (!closed) {
      closed = true;
      // Recorded off this turn too, after every message captured before the close.
      setImmediate(drainNow).unref();
    }
    return userOnClose?.(...args);
  };
  const send = (...args: unknown[]): Promise<void> => {
    capture(args[0], 'outbound');
    return (target['send'] as (...a: unknown[]) => Promise<void>).apply(inner, args);
  };

  const onError = (...args: unknown[]): unknown => {
    if (args[0] instanceof Error) options.onError?.(args[0]);
    return userOnError?.(...args);
  };

  // Handlers installed before wrapping are kept and chained.
  const slots: Record<string, { get: () => Handler | undefined; set: (h: Handler | undefined) => void }> = {
    onmessage: { get: () => userOnMessage, set: (h) => (userOnMessage = h) },
    onclose: { get: () => userOnClose, set: (h) => (userOnClose = h) },
    onerror: { get: () => userOnError, set: (h) => (userOnError = h) },
  };
  userOnMessage = target['onmessage'] as Handler | undefined;
  userOnClose = target['onclose'] as Handler | undefined;
  userOnError = target['onerror'] as Handler | undefined;
  target['onmessage'] = onMessage;
  target['onclose'] = onClose;
  target['onerror'] = onError;

  const proxy = new Proxy(target, {
    get(object, property) {
      if (property === 'send') return send;
      if (typeof property === 'string' && Object.prototype.hasOwnProperty.call(slots, property)) return slots[property]?.get();
      const value = Reflect.get(object, property, object);
      // Bound to the real transport: class private fields (#x) fail on a Proxy receiver.
      return typeof value === 'function' ? (value as Handler).bind(object) : value;
    },
    set(object, property, value) {
      const slot = typeof property === 'string' ? slots[property] : undefined;
      if (slot && Object.prototype.hasOwnProperty.call(slots, property)) {
        slot.set(typeof value === 'function' ? (value as Handler) : undefined);
        return true;
      }
      return Reflect.set(object, property, value, object);
    },
  });
  return { transport: proxy as unknown as T, drainNow };
}

/**
 * Wraps an MCP SDK transport so its messages are recorded, without changing its behaviour.
 * Most callers want {@link createLedgerEmitter}'s `wrap`, which wires recording and delivery.
 *
 * @example
 * const transport = instrumentTransport(new StdioClientTransport({ command: 'server' }), {
 *   side: 'client',
 *   onMessages: (batch) => batch.forEach((m) => recorder.record(m)),
 * });
 */
export function instrumentTransport<T extends McpTransportLike>(inner: T, options: InstrumentTransportOptions): T {
  return instrumentTransportWithHandle(inner, options).transport;
}
