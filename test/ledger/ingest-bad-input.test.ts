import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { postEvents, sealSession, sessionWithCalls, toNdjson, toolCallDrafts } from '../support/event-factory';
import { graphqlData } from '../support/graphql';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';
import { authHeaders } from '../support/auth';

const MAX_EVENT_BYTES = 64 * 1024;
let ledger: TestLedger;

beforeAll(async () => {
  ledger = await startTestLedger({ LEDGER_MAX_EVENT_BYTES: String(MAX_EVENT_BYTES), LEDGER_MAX_REQUEST_BYTES: String(1024 * 1024) });
});
afterAll(async () => ledger?.close());

/** Events stored for a tenant, counted once per id (FINAL collapses re-deliveries). */
async function storedEventIds(tenant: string): Promise<string[]> {
  const rows = await ledger.database.query<{ id: string }>(
    'SELECT id FROM events FINAL WHERE tenant = {tenant:String} ORDER BY id',
    { tenant },
  );
  return rows.map((r) => r.id);
}

describe('POST /v1/events refuses bad input with the documented answer and stores nothing of it', () => {
  it('malformed JSON → 400 malformed_json', async () => {
    const answer = await postEvents(ledger.url, '[{"specversion": "1.0", ', 'application/json');
    expect(answer.status).toBe(400);
    expect(answer.body['error']).toBe('invalid_batch');
    expect((answer.body['errors'] as { code: string }[])[0]!.code).toBe('malformed_json');
  });

  it('one malformed NDJSON line refuses the whole request, naming the line', async () => {
    const tenant = `t-${uuidv7()}`;
    const events = sessionWithCalls(2, { tenant });
    const body = [JSON.stringify(events[0]), '{not json', ...events.slice(1).map((e) => JSON.stringify(e))].join('\n');
    const answer = await postEvents(ledger.url, body);
    expect(answer.status).toBe(400);
    expect(answer.body['errors']).toEqual([expect.objectContaining({ index: 1, code: 'malformed_json' })]);
    expect(await storedEventIds(tenant)).toEqual([]);
  });

  it('unknown event type → 400 unknown_type', async () => {
    const tenant = `t-${uuidv7()}`;
    const [event] = sessionWithCalls(0, { tenant });
    const answer = await postEvents(ledger.url, JSON.stringify([{ ...event, type: 'tool_call.teleported' }]), 'application/json');
    expect(answer.status).toBe(400);
    expect((answer.body['errors'] as { code: string }[])[0]!.code).toBe('unknown_type');
    expect(await storedEventIds(tenant)).toEqual([]);
  });

  it('wrong field types → 400 invalid_event naming the fields', async () => {
    const tenant = `t-${uuidv7()}`;
    const events = sessionWithCalls(1, { tenant });
    const broken = { ...events[1]!, seq: 'one', data: { ...(events[1]!.data as object), arguments: 'not an object' } };
    const answer = await postEvents(ledger.url, toNdjson([events[0]!, broken as never, events[2]!]));
    expect(answer.status).toBe(400);
    const [error] = answer.body['errors'] as { index: number; code: string; issues: { path: string }[] }[];
    expect(error).toMatchObject({ index: 1, code: 'invalid_event' });
    expect(error!.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['seq', 'data.arguments']));
    expect(await storedEventIds(tenant)).toEqual([]);
  });

  it('an event over the size limit → 400 event_too_large', async () => {
    const tenant = `t-${uuidv7()}`;
    const huge = 'x'.repeat(MAX_EVENT_BYTES + 1);
    const events = sealSession(toolCallDrafts('big', 'echo', { text: 'hi' }, huge), { tenant });
    const answer = await postEvents(ledger.url, toNdjson(events));
    expect(answer.status).toBe(400);
    expect(answer.body['errors']).toEqual([expect.objectContaining({ index: 1, code: 'event_too_large' })]);
    expect(await storedEventIds(tenant)).toEqual([]);
  });

  it('a body over the request limit → 413', async () => {
    const answer = await fetch(`${ledger.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', ...authHeaders() },
      body: 'x'.repeat(1024 * 1024 + 10),
    });
    expect(answer.status).toBe(413);
  });

  it('an unsupported content type → 415, even one whose body would parse (text/plain)', async () => {
    const answer = await fetch(`${ledger.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/csv', ...authHeaders() }, body: 'a,b' });
    expect(answer.status).toBe(415);
    const tenant = `t-${uuidv7()}`;
    const plain = await fetch(`${ledger.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...authHeaders() },
      body: JSON.stringify(sessionWithCalls(1, { tenant })),
    });
    expect(plain.status).toBe(415);
    expect(await storedEventIds(tenant)).toEqual([]);
  });

  it('duplicate event ids are stored once and reported as duplicates', async () => {
    const tenant = `t-${uuidv7()}`;
    const events = sessionWithCalls(3, { tenant });
    const first = await postEvents(ledger.url, toNdjson(events));
    expect(first).toEqual({ status: 202, body: { accepted: events.length, duplicates: 0 } });
    const again = await postEvents(ledger.url, toNdjson([...events, events[1]!]));
    expect(again).toEqual({ status: 202, body: { accepted: events.length + 1, duplicates: events.length + 1 } });
    expect(await storedEventIds(tenant)).toEqual(events.map((e) => e.id).sort());

    const data = await graphqlData<{ toolCalls: { edges: { node: { callId: string } }[] } }>(
      ledger.url,
      '{ toolCalls(first: 50) { edges { node { callId } } } }',
      {},
      { 'x-ledger-tenant': tenant },
    );
    expect(data.toolCalls.edges.map((e) => e.node.callId).sort()).toEqual(['call-0', 'call-1', 'call-2']);
  });

  it('the store holds exactly the valid events after a mix of good and bad requests', async () => {
    const tenant = `t-${uuidv7()}`;
    const good = sessionWithCalls(2, { tenant });
    const bad = sessionWithCalls(1, { tenant });
    await postEvents(ledger.url, toNdjson([...bad.slice(0, 2), { ...bad[2]!, specversion: '0.9' } as never]));
    await postEvents(ledger.url, toNdjson(good));
    await postEvents(ledger.url, toNdjson(good.slice(0, 2)));
    expect(await storedEventIds(tenant)).toEqual(good.map((e) => e.id).sort());
  });
});
