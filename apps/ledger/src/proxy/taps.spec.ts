import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ForwardGate } from './forward-gate';
import { LineTap } from './line-tap';
import { SseTap } from './sse-tap';
import { StdioRelay } from './stdio-relay';

describe('LineTap', () => {
  it('reassembles messages cut anywhere, counts non-JSON lines and skips oversized ones', () => {
    const messages: unknown[] = [];
    const tap = new LineTap({ onMessage: (m) => messages.push(m), maxLineBytes: 64 });
    const text = Buffer.from(`{"a":"é"}\r\nnot json\n\n{"b":1}\n{"big":"${'x'.repeat(100)}"}\n{"c":2}`);
    for (let i = 0; i < text.length; i += 3) tap.push(text.subarray(i, i + 3));
    tap.end();
    expect(messages).toEqual([{ a: 'é' }, { b: 1 }, { c: 2 }]);
    expect(tap.stats).toEqual({ messages: 3, nonJson: 1, oversized: 1 });
  });
});

describe('SseTap', () => {
  it('joins data lines per event, across chunks and line-ending styles, and skips comments and non-JSON data', () => {
    const messages: unknown[] = [];
    const tap = new SseTap((m) => messages.push(m));
    const stream = 'id: 1\r\nevent: message\r\ndata: {"jsonrpc":"2.0",\r\ndata: "id":1}\r\n\r\n: keep-alive\n\ndata:\n\nid: 2\rdata: {"x":"ü"}\r\rdata: not json\n\ndata: {"last":true}';
    const bytes = Buffer.from(stream);
    for (let i = 0; i < bytes.length; i += 5) tap.push(bytes.subarray(i, i + 5));
    tap.end();
    expect(messages).toEqual([{ jsonrpc: '2.0', id: 1 }, { x: 'ü' }, { last: true }]);
  });
});

describe('StdioRelay', () => {
  function relay(gate?: ForwardGate) {
    const ends = { hostIn: new PassThrough(), hostOut: new PassThrough(), serverIn: new PassThrough(), serverOut: new PassThrough() };
    const captured: [unknown, string][] = [];
    const relayed = new StdioRelay({ ...ends, gate, session: { capture: (m, d) => captured.push([m, d]) } });
    relayed.start();
    const read = (stream: PassThrough): Promise<string> =>
      new Promise((resolve) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks).toString()));
      });
    return { ...ends, captured, read };
  }

  it('forwards chunks unchanged and records host lines as outbound, server lines as inbound', async () => {
    const r = relay();
    const toServer = r.read(r.serverIn);
    const hostChunks: string[] = [];
    r.hostOut.on('data', (c: Buffer) => hostChunks.push(c.toString()));
    r.hostIn.write('{"jsonrpc":"2.0","id":1,');
    r.hostIn.end('"method":"ping"}\n');
    r.serverOut.end('{"jsonrpc":"2.0","id":1,"result":{}}\n');
    expect(await toServer).toBe('{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
    // The host's stdout is never ended by the relay (the process exit does that).
    expect(hostChunks.join('')).toBe('{"jsonrpc":"2.0","id":1,"result":{}}\n');
    expect(r.captured).toHaveLength(2);
    expect(r.captured).toContainEqual([{ jsonrpc: '2.0', id: 1, method: 'ping' }, 'outbound']);
    expect(r.captured).toContainEqual([{ jsonrpc: '2.0', id: 1, result: {} }, 'inbound']);
  });

  it('with a gate: a refused request never reaches the server and the host gets a JSON-RPC error; others pass as sent', async () => {
    const gate: ForwardGate = {
      decide: async (request) =>
        request.method === 'tools/call' ? { forward: false, error: { code: -32001, message: 'denied by policy' } } : { forward: true },
    };
    const r = relay(gate);
    const toServer = r.read(r.serverIn);
    const hostLines: string[] = [];
    r.hostOut.on('data', (c: Buffer) => hostLines.push(c.toString()));
    r.hostIn.write('{"jsonrpc":"2.0","id":1,"method":"tools/list"}\n{"jsonrpc":"2.0","id":2,"meth');
    r.hostIn.write('od":"tools/call","params":{"name":"rm"}}\n{"jsonrpc":"2.0","method":"notifications/initialized"}');
    r.hostIn.end();
    expect(await toServer).toBe('{"jsonrpc":"2.0","id":1,"method":"tools/list"}\n{"jsonrpc":"2.0","method":"notifications/initialized"}');
    expect(hostLines.join('')).toBe('{"jsonrpc":"2.0","id":2,"error":{"code":-32001,"message":"denied by policy"}}\n');
    expect(r.captured).toContainEqual([{ jsonrpc: '2.0', id: 2, error: { code: -32001, message: 'denied by policy' } }, 'inbound']);
  });
});
