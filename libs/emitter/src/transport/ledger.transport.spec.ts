import { describe, expect, it } from 'vitest';
import { instrumentTransportWithHandle } from './ledger.transport';
import type { CapturedMessage } from './mcp-transport.types';

/** A transport with the awkward parts of real ones: private fields, a getter, extra members. */
class FakeTransport {
  #peer: ((message: unknown) => void) | undefined;
  #sessionId: string | undefined;
  readonly sent: { message: unknown; options: unknown }[] = [];
  protocolVersion: string | undefined;
  readonly hasPerRequestStream = true;
  onmessage?: (message: never, extra?: never) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;

  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  async start(): Promise<void> {
    this.#sessionId = 'mcp-session-42';
  }

  async send(message: never, options?: never): Promise<void> {
    this.sent.push({ message, options });
    this.#peer?.(message);
  }

  async close(): Promise<void> {
    this.onclose?.();
  }

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  vendorExtension(): string {
    return `peer:${this.#peer === undefined}`;
  }

  deliver(message: unknown, extra?: unknown): void {
    (this.onmessage as ((m: unknown, e?: unknown) => void) | undefined)?.(message, extra);
  }
}

function setup() {
  const inner = new FakeTransport();
  const captured: CapturedMessage[] = [];
  let closes = 0;
  const { transport, drainNow } = instrumentTransportWithHandle(inner, {
    side: 'client',
    onMessages: (batch) => captured.push(...batch),
    onClose: () => (closes += 1),
  });
  return { inner, transport, drainNow, captured, closes: () => closes };
}

describe('instrumentTransport', () => {
  it('behaves like the transport it wraps', async () => {
    const { inner, transport } = setup();
    expect(transport.sessionId).toBeUndefined();
    await transport.start();
    expect(transport.sessionId).toBe('mcp-session-42');
    transport.setProtocolVersion?.('2025-06-18');
    expect(inner.protocolVersion).toBe('2025-06-18');
    expect(transport.hasPerRequestStream).toBe(true);
    expect(transport.vendorExtension()).toBe('peer:true');

    await transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' } as never, { relatedRequestId: 9 } as never);
    expect(inner.sent).toEqual([{ message: { jsonrpc: '2.0', id: 1, method: 'ping' }, options: { relatedRequestId: 9 } }]);

    const received: unknown[][] = [];
    transport.onmessage = ((message: unknown, extra: unknown) => received.push([message, extra])) as never;
    inner.deliver({ jsonrpc: '2.0', id: 1, result: {} }, { authInfo: { token: 't' } });
    expect(received).toEqual([[{ jsonrpc: '2.0', id: 1, result: {} }, { authInfo: { token: 't' } }]]);
    expect(typeof transport.onmessage).toBe('function');
  });

  it('only captures on the hot path: recording happens after the caller’s turn', async () => {
    const { inner, transport, captured } = setup();
    transport.onmessage = (() => undefined) as never;
    void transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' } as never);
    inner.deliver({ jsonrpc: '2.0', id: 1, result: {} });
    expect(captured).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(captured.map((c) => c.direction)).toEqual(['outbound', 'inbound']);
    expect(captured[0]?.message).toEqual({ jsonrpc: '2.0', id: 1, method: 'ping' });
  });

  it('keeps handlers installed before wrapping and reports close once, after the messages', async () => {
    const inner = new FakeTransport();
    const order: string[] = [];
    inner.onclose = () => order.push('user onclose');
    const { transport, drainNow } = instrumentTransportWithHandle(inner, {
      side: 'server',
      onMessages: (batch) => order.push(`messages:${batch.length}`),
      onClose: () => order.push('recorded close'),
    });
    void transport.send({ jsonrpc: '2.0', method: 'notifications/message' } as never);
    await transport.close();
    await transport.close();
    drainNow();
    expect(order).toEqual(['user onclose', 'user onclose', 'messages:1', 'recorded close']);
  });

  it('counts messages beyond the capture bound instead of blocking', () => {
    const inner = new FakeTransport();
    let overflow = 0;
    const { transport } = instrumentTransportWithHandle(inner, { side: 'client', captureCapacity: 2, onMessages: () => undefined, onCaptureOverflow: () => (overflow += 1) });
    for (let id = 0; id < 5; id += 1) void transport.send({ jsonrpc: '2.0', id, method: 'ping' } as never);
    expect(inner.sent).toHaveLength(5);
    expect(overflow).toBe(3);
  });
});
