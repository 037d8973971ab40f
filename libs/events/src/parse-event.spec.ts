import { describe, expect, it } from 'vitest';
import { computeEventHash, hashJson } from './event-hash';
import { eventJsonSchema } from './json-schema';
import { MAX_EVENT_DEPTH, parseLedgerEvent, pathDeeperThan } from './parse-event';

function toolCallRequested(overrides: Record<string, unknown> = {}) {
  const event: Record<string, unknown> = {
    specversion: '1.0',
    id: '019ab7a4-6f70-7000-8000-000000000001',
    type: 'tool_call.requested',
    time: '2026-11-25T10:00:00.000Z',
    tenant: 'acme',
    session_id: 'sess-1',
    seq: 3,
    source: { kind: 'emitter', side: 'client', server: { name: 'mail' } },
    prev_hash: hashJson('previous'),
    data: {
      call_id: 'c1',
      'jsonrpc.request.id': '7',
      'gen_ai.tool.name': 'send_email',
      'mcp.method.name': 'tools/call',
      arguments: { to: 'a@example.com' },
      arguments_hash: hashJson({ to: 'a@example.com' }),
    },
    ...overrides,
  };
  event['hash'] = computeEventHash(event as { prev_hash: string | null });
  return event;
}

describe('parseLedgerEvent', () => {
  it('accepts a well-formed event and keeps its payload', () => {
    const result = parseLedgerEvent(toolCallRequested());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.event.type).toBe('tool_call.requested');
  });

  it.each([
    ['a non-object', 42, 'not_an_object'],
    ['an array', [], 'not_an_object'],
    ['an unknown version', toolCallRequested({ specversion: '9.0' }), 'unsupported_version'],
    ['an unknown type', toolCallRequested({ type: 'tool_call.exploded' }), 'unknown_type'],
    ['a wrong field type', toolCallRequested({ seq: 'three' }), 'invalid_event'],
    ['an unexpected field', toolCallRequested({ extra: true }), 'invalid_event'],
    ['a tenant with SQL in it', toolCallRequested({ tenant: "x' OR 1=1 --" }), 'invalid_event'],
    ['a task id with SQL in it', toolCallRequested({ source: { kind: 'emitter', task: { id: "x' OR 1=1 --" } } }), 'invalid_event'],
    ['a task without an id', toolCallRequested({ source: { kind: 'emitter', task: { name: 'triage' } } }), 'invalid_event'],
    ['a task with an unexpected field', toolCallRequested({ source: { kind: 'emitter', task: { id: 't1', owner: 'x' } } }), 'invalid_event'],
  ])('rejects %s with code %s', (_label, input, code) => {
    const result = parseLedgerEvent(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.rejection.code).toBe(code);
  });

  it('accepts the task a host sends on the source, and events without one', () => {
    const result = parseLedgerEvent(toolCallRequested({ source: { kind: 'host', agent: 'triage-bot', task: { id: 'JIRA-142', name: 'Triage inbox' } } }));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.event.source.task).toEqual({ id: 'JIRA-142', name: 'Triage inbox' });
  });

  it('names the offending field', () => {
    const result = parseLedgerEvent(toolCallRequested({ seq: -1 }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.rejection.issues.map((i) => i.path)).toContain('seq');
  });
});

describe('eventJsonSchema', () => {
  it('describes every event type for emitters in other languages', () => {
    const schema = eventJsonSchema();
    const text = JSON.stringify(schema);
    expect(schema['$schema']).toContain('2020-12');
    for (const type of ['tool_call.requested', 'resource.read', 'approval.decided']) expect(text).toContain(type);
  });
});

describe('nesting depth', () => {
  const nested = (depth: number) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };

  it('names the path to the first value nested too deep, without recursion', () => {
    expect(pathDeeperThan({ x: [nested(3)] }, 4)).toBe('x.0.a.a');
    expect(pathDeeperThan({ x: [nested(2)] }, 4)).toBeUndefined();
    expect(pathDeeperThan(nested(100_000), 10)).toBe(Array.from({ length: 10 }, () => 'a').join('.'));
  });

  it('refuses an event nested deeper than MAX_EVENT_DEPTH as invalid_event', () => {
    const result = parseLedgerEvent(toolCallRequested({ data: { ...(toolCallRequested()['data'] as object), arguments: { deep: nested(MAX_EVENT_DEPTH) } } }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.rejection).toMatchObject({ code: 'invalid_event', issues: [{ path: expect.stringMatching(/^data\.arguments\.deep\.a/) }] });
    const fine = toolCallRequested({ data: { ...(toolCallRequested()['data'] as object), arguments: { deep: nested(20) } } });
    expect(parseLedgerEvent(fine).ok).toBe(true);
  });
});
