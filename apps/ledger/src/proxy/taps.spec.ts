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
    const annotations: unknown[] = [];
    const relayed = new StdioRelay({
      ...ends,
      gate,
      session: {
        capture: (m, d, a) => {
          captured.push([m, d]);
          if (a !== undefined) annotations.push(a);
        },
      },
    });
    relayed.start();
    const read = (stream: PassThrough): Promise<string> =>
      new Promise((resolve) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks).toString()));
      });
    return { ...ends, captured, annotations, read };
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

  const denyToolCalls: ForwardGate = {
    decide: (request) =>
      request.method === 'tools/call'
        ? { forward: false, error: { code: -32001, message: 'denied by policy' }, annotation: { policy: { decision: 'deny', policyVersion: 'v1', matchedRules: ['r'], enforced: true } } }
        : { forward: true },
  };
  const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('with a gate: a refusal never lands inside a server line that is half written', async () => {
    const r = relay(denyToolCalls);
    const hostChunks: string[] = [];
    r.hostOut.on('data', (c: Buffer) => hostChunks.push(c.toString()));
    r.serverOut.write('{"jsonrpc":"2.0","method":"notifications/message","params":{"data":"he');
    await tick();
    r.hostIn.write('{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"rm"}}\n');
    await tick();
    await tick();
    // Held back until the server's line ends; then written between two server lines.
    expect(hostChunks.join('')).toBe('{"jsonrpc":"2.0","method":"notifications/message","params":{"data":"he');
    r.serverOut.write('llo"}}\n{"jsonrpc":"2.0","id":1,"res');
    await tick();
    r.serverOut.write('ult":{}}\n');
    await tick();
    expect(hostChunks.join('')).toBe(
      '{"jsonrpc":"2.0","method":"notifications/message","params":{"data":"hello"}}\n' +
        '{"jsonrpc":"2.0","id":7,"error":{"code":-32001,"message":"denied by policy"}}\n' +
        '{"jsonrpc":"2.0","id":1,"result":{}}\n',
    );
    // At a boundary, a refusal goes out at once.
    r.hostIn.write('{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"rm"}}\n');
    await tick();
    await tick();
    expect(hostChunks.join('')).toMatch(/"id":8,"error"/);
    // The request is recorded with the gate's annotation, then the proxy's answer.
    expect(r.annotations).toEqual([
      { policy: { decision: 'deny', policyVersion: 'v1', matchedRules: ['r'], enforced: true } },
      { policy: { decision: 'deny', policyVersion: 'v1', matchedRules: ['r'], enforced: true } },
    ]);
  });

  it('with a gate: a server that ends mid-line still gets refusals on a line of their own', async () => {
    const r = relay(denyToolCalls);
    const hostChunks: string[] = [];
    r.hostOut.on('data', (c: Buffer) => hostChunks.push(c.toString()));
    r.serverOut.write('partial');
    await tick();
    r.hostIn.write('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"rm"}}\n');
    await tick();
    await tick();
    r.serverOut.end();
    await tick();
    expect(hostChunks.join('')).toBe('partial\n{"jsonrpc":"2.0","id":1,"error":{"code":-32001,"message":"denied by policy"}}\n');
  });

  it('with a gate: a batch cannot carry a refused call past it; its allowed members go on', async () => {
    const r = relay(denyToolCalls);
    const toServer = r.read(r.serverIn);
    const hostChunks: string[] = [];
    r.hostOut.on('data', (c: Buffer) => hostChunks.push(c.toString()));
    const allowed = '[{"jsonrpc":"2.0","id":1,"method":"ping"}, {"jsonrpc":"2.0","method":"notifications/initialized"}]\n';
    r.hostIn.write(allowed);
    r.hostIn.end('[{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"rm"}},{"jsonrpc":"2.0","id":3,"method":"ping"}]\n');
    expect(await toServer).toBe(`${allowed}[{"jsonrpc":"2.0","id":3,"method":"ping"}]\n`);
    expect(hostChunks.join('')).toBe('[{"jsonrpc":"2.0","id":2,"error":{"code":-32001,"message":"denied by policy"}}]\n');
  });
});
