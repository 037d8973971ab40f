import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeEventHash, parseLedgerEvent } from '@mcp-ledger/events';
import { describe, expect, it } from 'vitest';
import { deterministicEventId } from './deterministic-id';
import { injectionTraceToEvents } from './injection-trace.importer';
import { readInjectionTraceLine } from './injection-trace.schema';

const line = JSON.stringify({
  trace_id: 'agentdojo-test-1',
  source: 'agentdojo',
  suite: 'slack',
  model: 'some-model',
  events: [
    { seq: 0, kind: 'tools_list', server: 'web', content: '{"tools":[{"name":"get_webpage","description":"d","inputSchema":{}}]}' },
    { seq: 1, kind: 'user_prompt', content: 'Read www.example.com' },
    { seq: 2, kind: 'tool_call', server: 'web', tool: 'get_webpage', arguments: { url: 'www.example.com' }, call_id: 'c1' },
    { seq: 3, kind: 'tool_result', server: 'web', tool: 'get_webpage', call_id: 'c1', content: 'Hello', is_error: true },
  ],
  labels: { injected_calls: ['c1'] },
  attack_succeeded: true,
  meta: { secret: 1 },
});

describe('readInjectionTraceLine', () => {
  it('keeps only the importable fields', () => {
    const read = readInjectionTraceLine(line);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(Object.keys(read.trace).sort()).toEqual(['events', 'model', 'source', 'suite', 'trace_id']);
  });

  it('rejects a trace whose seq is not the event index', () => {
    const broken = JSON.parse(line);
    broken.events[1].seq = 5;
    const read = readInjectionTraceLine(JSON.stringify(broken));
    expect(read.ok).toBe(false);
  });

  it('rejects text that is not JSON', () => {
    expect(readInjectionTraceLine('{').ok).toBe(false);
  });
});

describe('injectionTraceToEvents', () => {
  const read = readInjectionTraceLine(line);
  if (!read.ok) throw new Error(read.error);
  const events = injectionTraceToEvents(read.trace, { tenant: 't1' });

  it('produces valid events with the trace seqs and a session.started last', () => {
    for (const event of events) expect(parseLedgerEvent(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [0, 'tools.listed'],
      [1, 'user.prompt'],
      [2, 'tool_call.requested'],
      [3, 'tool_call.completed'],
      [4, 'session.started'],
    ]);
    expect(events[4]!.data).toMatchObject({ external_id: 'agentdojo-test-1' });
  });

  it('chains hashes and keeps call ids, servers and results', () => {
    events.forEach((event, i) => {
      expect(event.prev_hash).toBe(i === 0 ? null : events[i - 1]!.hash);
      expect(computeEventHash(event as never)).toBe(event.hash);
    });
    expect(events[2]!.data).toMatchObject({ call_id: 'c1', 'gen_ai.tool.name': 'get_webpage', arguments: { url: 'www.example.com' } });
    expect(events[2]!.source.server).toEqual({ name: 'web' });
    expect(events[3]!.data).toMatchObject({ is_error: true });
    const completed = events[3]!.data as { result: { body: string } };
    expect(JSON.parse(completed.result.body)).toEqual({ content: [{ type: 'text', text: 'Hello' }], isError: true });
  });

  it('is deterministic, so re-imports dedupe', () => {
    const again = injectionTraceToEvents(read.trace, { tenant: 't1' });
    expect(again).toEqual(events);
    expect(events[0]!.id).toBe(deterministicEventId('agentdojo-test-1', 0));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('converts the first DEV traces into valid events', () => {
    const path = join(__dirname, '../../../../shared/datasets/injection-traces/dev.jsonl');
    let text: string;
    try {
      text = readFileSync(path, 'utf8').slice(0, 400_000);
    } catch {
      return; // the dataset sits outside the repository; skip where it is absent
    }
    const lines = text.split('\n').slice(0, -1).slice(0, 20);
    for (const raw of lines) {
      const trace = readInjectionTraceLine(raw);
      expect(trace.ok).toBe(true);
      if (!trace.ok) continue;
      for (const event of injectionTraceToEvents(trace.trace, { tenant: 'dev' })) {
        expect(parseLedgerEvent(JSON.parse(JSON.stringify(event))).ok).toBe(true);
      }
    }
  });
});
