import { computeEventHash, parseLedgerEvent, type LedgerEvent } from '@mcp-ledger/events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toEventRow } from './event-row.projection';
import { mergeProjections } from './merge-rows';
import { projectEvents } from './project-events';
import { PROJECTION_TABLES, type ProjectionRows } from './projection-rows';

const GOLDEN = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'golden');

function loadEvents(): LedgerEvent[] {
  const lines = readFileSync(join(GOLDEN, 'basic-session.events.ndjson'), 'utf8').trim().split('\n');
  return lines.map((line) => {
    const result = parseLedgerEvent(JSON.parse(line));
    if (!result.ok) throw new Error(result.rejection.message);
    return result.event;
  });
}

const events = loadEvents();
const golden = JSON.parse(readFileSync(join(GOLDEN, 'basic-session.rows.json'), 'utf8')) as ProjectionRows & {
  events: unknown[];
};

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

describe('golden stream basic-session', () => {
  it('is a valid, hash-chained session', () => {
    events.forEach((event, index) => {
      expect(event.seq).toBe(index);
      expect(event.prev_hash).toBe(index === 0 ? null : events[index - 1]?.hash);
      expect(computeEventHash(event as unknown as { prev_hash: string | null })).toBe(event.hash);
    });
  });

  it('projects to the expected event rows', () => {
    expect(events.map(toEventRow)).toEqual(golden.events);
  });

  it.each(PROJECTION_TABLES)('projects to the expected %s rows', (table) => {
    expect(projectEvents(events)[table]).toEqual(golden[table]);
  });
});

describe('projectEvents is independent of delivery', () => {
  const whole = projectEvents(events);

  it.each([1, 2, 3, 4, 7])('gives the same tables when split into batches of %i', (size) => {
    expect(mergeProjections(batches(events, size).map((batch) => projectEvents(batch)))).toEqual(whole);
  });

  it('gives the same tables when batches are re-delivered and arrive out of order', () => {
    const parts = batches(events, 3);
    const redelivered = [...parts, parts[1] ?? [], parts[0] ?? []].reverse();
    expect(mergeProjections(redelivered.map((batch) => projectEvents(batch)))).toEqual(whole);
  });

  it('gives the same tables when a batch contains duplicates', () => {
    expect(projectEvents([...events, ...events.slice(2, 9)])).toEqual(whole);
  });

  it('merges a response that arrives before its request into the same call row', () => {
    const callEvents = events.filter((event) => event.type.startsWith('tool_call.'));
    expect(projectEvents([...callEvents].reverse()).tool_calls).toEqual(whole.tool_calls);
  });
});

describe('tool call outcomes', () => {
  const calls = new Map(projectEvents(events).tool_calls.map((row) => [row.call_id, row]));

  it('tells ok, tool isError, JSON-RPC error and cancelled apart', () => {
    expect([...calls.values()].map((row) => [row.call_id, row.outcome])).toEqual([
      ['c-1', 1],
      ['c-2', 2],
      ['c-3', 3],
      ['c-4', 4],
      ['c-5', 1],
    ]);
  });

  it('keeps a call pending (outcome 0) with no response columns until its outcome arrives', () => {
    const requestOnly = projectEvents(events.slice(0, 3)).tool_calls;
    expect(requestOnly).toHaveLength(1);
    expect(requestOnly[0]).toMatchObject({ call_id: 'c-1', outcome: 0, completed_at: null, response_event_id: null });
  });
});

describe('sessions', () => {
  it('does not let events the ledger derives itself overwrite the connection source', () => {
    const first = events[0] as LedgerEvent;
    const derived = { ...first, type: 'finding.raised', seq: 99, source: { kind: 'ledger', host: 'projector-1' } } as unknown as LedgerEvent;
    const [session] = projectEvents([derived, first]).sessions;
    expect(session).toMatchObject({ source_kind: 'emitter', host: 'dev-laptop', max_seq: 99 });
  });
});

describe('tasks (source.task)', () => {
  const withTask = (event: LedgerEvent, task: { id: string; name?: string }) => ({ ...event, source: { ...event.source, task } }) as LedgerEvent;

  it('puts the task of each request on its call row and the task of the session on its session row', () => {
    const tasked = events.map((event) => withTask(event, { id: 'JIRA-142', name: 'Triage the inbox' }));
    const tables = projectEvents(tasked);
    expect(tables.tool_calls.map((row) => [row.task_id, row.task_name])).toEqual(tables.tool_calls.map(() => ['JIRA-142', 'Triage the inbox']));
    expect(tables.sessions).toMatchObject([{ task_id: 'JIRA-142', task_name: 'Triage the inbox' }]);
  });

  it('takes a call’s task from its request only, so a response in another batch does not compete', () => {
    const tasked = events.map((event) => (event.type === 'tool_call.requested' ? withTask(event, { id: 'deploy-7' }) : event));
    const callEvents = tasked.filter((event) => event.type.startsWith('tool_call.'));
    const rows = mergeProjections(callEvents.reverse().map((event) => projectEvents([event]))).tool_calls;
    expect(rows.map((row) => row.task_id)).toEqual(rows.map(() => 'deploy-7'));
    expect(rows.every((row) => row.task_name === null)).toBe(true);
  });

  it('leaves the task columns NULL for hosts that send none', () => {
    const tables = projectEvents(events);
    expect([...tables.tool_calls, ...tables.sessions].every((row) => row.task_id === null && row.task_name === null)).toBe(true);
  });
});
