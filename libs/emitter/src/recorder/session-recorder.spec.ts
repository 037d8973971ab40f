import { canonicalJson, computeEventHash, hashJson, type LedgerEvent } from '@mcp-ledger/events';
import { describe, expect, it } from 'vitest';
import { ofType, sessionProblems } from '../testing/ledger-assertions';
import type { CaptureAnnotation, MessageDirection } from '../transport/mcp-transport.types';
import { SessionRecorder, type SessionRecorderOptions } from './session-recorder';

/** Drives a recorder with a scripted wire; the clock advances 5 ms per message. */
function script(options: Partial<SessionRecorderOptions> = {}) {
  const recorder = new SessionRecorder({ side: 'client', sessionId: 'sess-1', tenant: 't1', ...options });
  const events: LedgerEvent[] = [];
  let clock = 0;
  const at = () => ({ wallTimeMs: Date.UTC(2026, 10, 25) + clock, monoMs: clock });
  const wire = (direction: MessageDirection, message: unknown, annotation?: CaptureAnnotation) => {
    clock += 5;
    events.push(...recorder.record({ message, direction, ...at(), ...(annotation ? { annotation } : {}) }));
  };
  return {
    recorder,
    events,
    out: (message: unknown, annotation?: CaptureAnnotation) => wire('outbound', message, annotation),
    in: (message: unknown) => wire('inbound', message),
    end: () => events.push(...recorder.end('closed', at())),
  };
}

const initialize = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } } };
const initialized = { jsonrpc: '2.0', id: 0, result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 's', version: '2' } } };

describe('SessionRecorder', () => {
  it('pairs a tool call with its answer by JSON-RPC id and measures it on the monotonic clock', () => {
    const s = script();
    s.out(initialize);
    s.in(initialized);
    s.out({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'add', arguments: { a: 1 } } });
    s.out({ jsonrpc: '2.0', id: 8, method: 'ping' });
    s.in({ jsonrpc: '2.0', id: 8, result: {} });
    s.in({ jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: '2' }] } });
    expect(sessionProblems(s.events)).toEqual([]);
    expect(s.events.map((e) => e.type)).toEqual(['session.started', 'tool_call.requested', 'rpc.exchanged', 'tool_call.completed']);
    expect(ofType(s.events, 'tool_call.completed')[0]?.data).toMatchObject({ 'jsonrpc.request.id': '7', duration_ms: 15, is_error: false });
    expect(ofType(s.events, 'rpc.exchanged')[0]?.data).toMatchObject({ 'mcp.method.name': 'ping', duration_ms: 5, result: {} });
    expect(s.events[0]?.time).toBe('2026-11-25T00:00:00.010Z');
  });

  it('gives each tool call its own call_id even when the JSON-RPC id is reused', () => {
    const s = script();
    for (let i = 0; i < 2; i += 1) {
      s.out({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'again', arguments: {} } });
      s.in({ jsonrpc: '2.0', id: 1, result: { content: [] } });
    }
    const ids = ofType(s.events, 'tool_call.requested').map((e) => e.data.call_id);
    expect(new Set(ids).size).toBe(2);
    expect(ofType(s.events, 'tool_call.completed').map((e) => e.data.call_id)).toEqual(ids);
  });

  it('emits session.started first even when it joins after the handshake', () => {
    const s = script({ serverName: 'from-option' });
    s.in({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    expect(s.events.map((e) => e.type)).toEqual(['session.started', 'list.changed']);
    expect(s.events[0]?.source.server).toEqual({ name: 'from-option' });
  });

  it('keeps the configured server name over the announced one with keepServerName', () => {
    const kept = script({ serverName: 'github', keepServerName: true });
    kept.out(initialize);
    kept.in(initialized);
    expect(kept.events[0]?.source.server).toEqual({ name: 'github', version: '2' });
    expect(ofType(kept.events, 'session.started')[0]?.data.server_info).toMatchObject({ name: 's' });
    const announced = script({ serverName: 'github' });
    announced.out(initialize);
    announced.in(initialized);
    expect(announced.events[0]?.source.server).toEqual({ name: 's', version: '2' });
  });

  it('records a response without a request, and a message it cannot classify', () => {
    const s = script();
    s.in({ jsonrpc: '2.0', id: 99, result: { surprise: true } });
    s.in({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    expect(ofType(s.events, 'rpc.unmatched').map((e) => [e.data['jsonrpc.request.id'], e.data.sender])).toEqual([
      ['99', 'server'],
      [undefined, 'server'],
    ]);
    expect(sessionProblems(s.events)).toEqual([]);
  });

  it('records unanswered requests when the session ends, then session.ended', () => {
    const s = script();
    s.out({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'hang', arguments: {} } });
    s.out({ jsonrpc: '2.0', id: 2, method: 'completion/complete', params: {} });
    s.end();
    expect(s.events.map((e) => e.type)).toEqual(['session.started', 'tool_call.requested', 'tool_call.failed', 'rpc.exchanged', 'session.ended']);
    expect(ofType(s.events, 'tool_call.failed')[0]?.data['error.type']).toBe('-32000');
    expect(sessionProblems(s.events)).toEqual([]);
  });

  it('records each member of a JSON-RPC batch', () => {
    const s = script();
    s.out([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } },
    ]);
    s.in([{ jsonrpc: '2.0', id: 1, result: {} }]);
    expect(ofType(s.events, 'rpc.exchanged').map((e) => e.data['mcp.method.name'])).toEqual(['notifications/progress', 'ping']);
  });

  it('keeps the full-content hash when a tool result is cut at the content bound', () => {
    const s = script({ maxContentBytes: 64 });
    const text = 'é'.repeat(100); // two UTF-8 bytes each: the cut must not split one
    const result = { content: [{ type: 'text', text }] };
    s.out({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'big', arguments: {} } });
    s.in({ jsonrpc: '2.0', id: 1, result: { ...result, _meta: { progressToken: 1 } } });
    const ref = ofType(s.events, 'tool_call.completed')[0]?.data.result;
    expect(ref?.truncated).toBe(true);
    expect(ref?.hash).toBe(hashJson(result));
    expect(ref?.size_bytes).toBe(Buffer.byteLength(JSON.stringify(result)));
    expect(Buffer.byteLength(ref?.body ?? '')).toBeLessThanOrEqual(64);
    expect(ref?.body).not.toContain('\uFFFD');
    expect(sessionProblems(s.events)).toEqual([]);
  });

  it('bounds long argument strings but hashes the full arguments', () => {
    const s = script({ valueBounds: { maxStringChars: 10 } });
    const args = { query: 'x'.repeat(50) };
    s.out({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'search', arguments: args } });
    const data = ofType(s.events, 'tool_call.requested')[0]?.data;
    expect(data?.arguments).toEqual({ query: `${'x'.repeat(10)}…[truncated 40 chars]` });
    expect(data?.arguments_hash).toBe(hashJson(args));
  });

  it('runs a custom redactor before hashing', () => {
    const s = script({ redact: (value) => JSON.parse(JSON.stringify(value).replace(/alice/g, 'someone')) });
    s.out({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'mail', arguments: { to: 'alice' } } });
    expect(ofType(s.events, 'tool_call.requested')[0]?.data).toMatchObject({ arguments: { to: 'someone' }, arguments_hash: hashJson({ to: 'someone' }) });
  });

  it('hashes listed definitions and links later calls to the definition in force', () => {
    const s = script();
    const tool = { name: 'rm', description: 'Delete a file', inputSchema: { type: 'object' }, _meta: { volatile: 1 } };
    s.out({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { cursor: 'page-2' } });
    s.in({ jsonrpc: '2.0', id: 1, result: { tools: [tool] } });
    s.out({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'rm', arguments: { path: '/' } } });
    const listed = ofType(s.events, 'tools.listed')[0]?.data;
    const definition = { name: 'rm', description: 'Delete a file', inputSchema: { type: 'object' } };
    expect(listed).toMatchObject({ cursor: 'page-2', items: [{ name: 'rm', definition, definition_hash: hashJson(definition) }] });
    expect(ofType(s.events, 'tool_call.requested')[0]?.data.tool_definition_hash).toBe(hashJson(definition));
  });

  it('seals each event with its canonical line, reusing what the mapper serialised (arguments, ContentRefs)', () => {
    const recorder = new SessionRecorder({ side: 'client', sessionId: 'sess-lines', tenant: 't1', maxContentBytes: 64, valueBounds: { maxStringChars: 8 } });
    const at = (monoMs: number) => ({ wallTimeMs: Date.UTC(2026, 10, 25) + monoMs, monoMs });
    const wire = [
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'a', arguments: { q: 'short', n: [1, null, 'ü'] } } },
      { jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'ok "quoted" \\ é', mimeType: 'text/plain' }] } },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'a', arguments: { q: 'longer than eight' } } },
      { jsonrpc: '2.0', id: 2, result: { content: [{ type: 'text', text: 'x'.repeat(200) }] } },
      { jsonrpc: '2.0', id: 3, method: 'resources/read', params: { uri: 'file:///a' } },
      { jsonrpc: '2.0', id: 3, result: { contents: [{ uri: 'file:///a', mimeType: 'text/markdown', text: '# t' }] } },
    ];
    const sealed = wire.flatMap((message, index) =>
      recorder.recordSealed({ message, direction: index % 2 === 0 ? 'outbound' : 'inbound', ...at(index * 5) }),
    );
    expect(sealed.map((s) => s.event.type)).toContain('resource.read');
    for (const { event, line, bytes } of sealed) {
      expect(line).toBe(canonicalJson(event));
      expect(bytes?.toString('utf8')).toBe(line + '\n');
      expect(event.hash).toBe(computeEventHash(event as unknown as { prev_hash: string | null }));
    }
    expect(sessionProblems(sealed.map((s) => s.event))).toEqual([]);
  });

  describe('policy annotations', () => {
    const deny: CaptureAnnotation = {
      policy: { decision: 'deny', policyVersion: '2026-11-25.1', matchedRules: ['no-mail'], reason: 'denied by rule "no-mail"', enforced: true },
    };

    it('records policy.evaluated right after the tools/call it is about, with that call\'s call_id', () => {
      const s = script();
      s.out(initialize);
      s.in(initialized);
      s.out({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: {} } }, { policy: { decision: 'allow', policyVersion: 'v1', matchedRules: ['ok'], enforced: true } });
      s.in({ jsonrpc: '2.0', id: 1, result: { content: [] } });
      s.out({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'send_email', arguments: { to: 'x' } } }, deny);
      // The proxy answers a refused call itself: recorded as the server's answer.
      s.in({ jsonrpc: '2.0', id: 2, error: { code: -32001, message: 'denied by policy', data: { policy_version: '2026-11-25.1', matched_rules: ['no-mail'] } } });
      s.end();
      expect(sessionProblems(s.events)).toEqual([]);
      expect(s.events.map((e) => e.type)).toEqual([
        'session.started',
        'tool_call.requested',
        'policy.evaluated',
        'tool_call.completed',
        'tool_call.requested',
        'policy.evaluated',
        'tool_call.failed',
        'session.ended',
      ]);
      const requested = ofType(s.events, 'tool_call.requested').map((e) => e.data.call_id);
      const evaluated = ofType(s.events, 'policy.evaluated');
      expect(evaluated.map((e) => e.data.call_id)).toEqual(requested);
      expect(evaluated[1]?.data).toEqual({
        call_id: requested[1],
        'gen_ai.tool.name': 'send_email',
        decision: 'deny',
        policy_version: '2026-11-25.1',
        matched_rules: ['no-mail'],
        enforced: true,
        reason: 'denied by rule "no-mail"',
      });
      expect(evaluated[0]?.data).not.toHaveProperty('reason');
      expect(ofType(s.events, 'tool_call.failed')[0]?.data).toMatchObject({ call_id: requested[1], 'error.type': '-32001' });
    });

    it('ignores an annotation on anything but a tools/call request, and on a batch', () => {
      const s = script();
      s.out({ jsonrpc: '2.0', id: 1, method: 'ping' }, deny);
      s.out({ jsonrpc: '2.0', method: 'notifications/initialized' }, deny);
      s.out([{ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'a', arguments: {} } }], deny);
      s.out({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { arguments: {} } }, deny);
      expect(ofType(s.events, 'policy.evaluated')).toEqual([]);
    });
  });
});
