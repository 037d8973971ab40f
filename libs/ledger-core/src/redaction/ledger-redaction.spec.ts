import { describe, expect, it } from 'vitest';
import { canonicalJson, chainEvents, hashJson, verifySessionChain, type LedgerEvent, type UnchainedEvent } from '@mcp-ledger/events';
import { IngestRedaction } from './ingest-redaction';
import { chainInputWithLedgerRedaction } from './ledger-redacted-chain';
import { redactEventAtIngest } from './ledger-redaction';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
const ref = (value: unknown, cut?: number) => {
  const body = canonicalJson(value);
  return { hash: hashJson(value), size_bytes: body.length, truncated: cut !== undefined, body: cut === undefined ? body : body.slice(0, cut) };
};

function session(datas: { type: string; data: Record<string, unknown> }[]): LedgerEvent[] {
  return chainEvents(
    datas.map(
      ({ type, data }, seq) =>
        ({
          specversion: '1.0',
          id: `019ab7a4-6f70-7000-8000-${String(seq).padStart(12, '0')}`,
          type,
          time: new Date(Date.UTC(2026, 10, 25) + seq).toISOString(),
          tenant: 't',
          session_id: 's',
          seq,
          source: { kind: 'emitter' },
          data,
        }) as unknown as UnchainedEvent,
    ),
  );
}

const requested = (args: Record<string, unknown>) => ({
  type: 'tool_call.requested',
  data: { call_id: 'c1', 'gen_ai.tool.name': 'query', 'mcp.method.name': 'tools/call', arguments: args, arguments_hash: hashJson(args) },
});
const completed = (result: unknown, cut?: number) => ({
  type: 'tool_call.completed',
  data: { call_id: 'c1', 'gen_ai.tool.name': 'query', is_error: false, result: ref(result, cut), duration_ms: 1 },
});

describe('redactEventAtIngest', () => {
  it('masks secrets in arguments and keeps every hash as sent', () => {
    const [event] = session([requested({ dsn: 'postgres://app:hunter2@db/x', password: 'hunter2', n: 1 })]);
    const { event: stored, record } = redactEventAtIngest(event!);
    expect(stored.data).toMatchObject({ arguments: { dsn: 'postgres://app:[REDACTED:url_password]@db/x', password: '[REDACTED:password]', n: 1 } });
    expect(stored.hash).toBe(event!.hash);
    expect((stored.data as { arguments_hash: string }).arguments_hash).toBe((event!.data as { arguments_hash: string }).arguments_hash);
    expect(record?.redactions).toEqual([
      { path: '/data/arguments/dsn', detector: 'url_password' },
      { path: '/data/arguments/password', detector: 'password' },
    ]);
    expect(JSON.stringify(record)).not.toContain('hunter2');
  });

  it('redacts a whole ContentRef body as JSON (keys named like secrets too), a cut one as text', () => {
    const [, whole, cut] = session([
      requested({}),
      completed({ content: [{ type: 'text', text: `key ${PEM}` }], structuredContent: { api_key: 'abc' } }),
      completed({ content: [{ type: 'text', text: `AKIAIOSFODNN7EXAMPLE ${PEM}` }] }, 80),
    ]);
    const a = redactEventAtIngest(whole!);
    const body = JSON.parse((a.event.data as { result: { body: string } }).result.body);
    expect(body).toEqual({ content: [{ type: 'text', text: 'key [REDACTED:private_key]' }], structuredContent: { api_key: '[REDACTED:api_key]' } });
    expect(a.record?.redactions).toEqual([
      { path: '/data/result/body', detector: 'private_key', body_path: '/content/0/text' },
      { path: '/data/result/body', detector: 'api_key', body_path: '/structuredContent/api_key' },
    ]);
    const b = redactEventAtIngest(cut!);
    const text = (b.event.data as { result: { body: string } }).result.body;
    expect(text).not.toMatch(/AKIA|MIIE/);
    expect(b.record?.redactions.map((r) => r.detector)).toEqual(['private_key', 'aws_access_key_id']);
  });

  it('leaves an event the emitter already redacted exactly as received', () => {
    const [event] = session([requested({ password: '[REDACTED:password]', dsn: 'postgres://app:[REDACTED:url_password]@db/x' })]);
    const result = redactEventAtIngest(event!);
    expect(result.record).toBeUndefined();
    expect(result.event).toBe(event);
  });
});

describe('IngestRedaction', () => {
  it('counts slips per detector and raises one secret_in_clear finding per changed event, without values', () => {
    const events = session([requested({ a: 'AKIAIOSFODNN7EXAMPLE', b: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' }), completed({ ok: true })]);
    const redaction = new IngestRedaction();
    const { events: stored, records, findings } = redaction.recheck(events);
    expect(stored[1]).toBe(events[1]);
    expect([...records.keys()]).toEqual([events[0]!.id]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'secret_in_clear', severity: 'high', call_id: 'c1', session_id: 's' });
    expect(findings[0]!.evidence).not.toMatch(/AKIA|ghp_/);
    expect(redaction.slips()).toEqual({ aws_access_key_id: 1, github_token: 1 });
  });
});

describe('chainInputWithLedgerRedaction', () => {
  const stored = () => {
    const events = session([requested({ dsn: 'postgres://app:hunter2@db/x' }), completed({ ok: true }), completed({ ok: 2 })]);
    return events.map((received) => {
      const { event, record } = redactEventAtIngest(received);
      return {
        id: event.id,
        seq: event.seq,
        hash: event.hash,
        prevHash: event.prev_hash ?? '',
        payload: canonicalJson(event),
        ledgerRedaction: record === undefined ? '' : canonicalJson(record),
      };
    });
  };

  it('verifies a chain with a ledger-redacted event, which plain verification calls edited', () => {
    const rows = stored();
    expect(verifySessionChain(rows).map((p) => p.kind)).toEqual(['edited']);
    const input = chainInputWithLedgerRedaction(rows);
    expect(input.ledgerRedacted).toBe(1);
    expect([...input.problems, ...verifySessionChain(input.events)]).toEqual([]);
  });

  it('still finds an edit to the redacted event, to another event, and a record that does not match its payload', () => {
    const rows = stored();
    rows[0]!.payload = rows[0]!.payload.replace('db/x', 'db/y');
    rows[2]!.payload = rows[2]!.payload.replace('"duration_ms":1', '"duration_ms":9');
    let input = chainInputWithLedgerRedaction(rows);
    expect(verifySessionChain(input.events).map((p) => [p.kind, p.seq])).toEqual([
      ['edited', 0],
      ['edited', 2],
    ]);
    const forged = stored();
    forged[0]!.ledgerRedaction = forged[0]!.ledgerRedaction.replace('/data/arguments/dsn', '/data/arguments/other');
    input = chainInputWithLedgerRedaction(forged);
    expect(input.problems.map((p) => [p.kind, p.seq])).toEqual([['edited', 0]]);
  });
});
