import { describe, expect, it } from 'vitest';
import { computeEventHash } from '@mcp-ledger/events';
import { decodeIngestBody, isNdjson } from './ingest-body.decoder';

function sessionStarted(seq = 0, overrides: Record<string, unknown> = {}) {
  const event: Record<string, unknown> = {
    specversion: '1.0',
    id: `019ab7a4-6f70-7000-8000-00000000000${seq}`,
    type: 'session.started',
    time: '2026-11-25T10:00:00.000Z',
    tenant: 'acme',
    session_id: 's1',
    seq,
    source: { kind: 'emitter' },
    prev_hash: null,
    data: {},
    ...overrides,
  };
  event['hash'] = computeEventHash(event as { prev_hash: string | null });
  return event;
}

const options = { maxEventBytes: 10_000 };

describe('decodeIngestBody', () => {
  it('reads a JSON array, a single object and NDJSON alike', () => {
    const events = [sessionStarted(0), sessionStarted(1)];
    for (const [body, type] of [
      [JSON.stringify(events), 'application/json'],
      [events.map((e) => JSON.stringify(e)).join('\n') + '\n\n', 'application/x-ndjson; charset=utf-8'],
    ] as const) {
      const decoded = decodeIngestBody(body, type, options);
      expect(decoded.ok && decoded.events.map((e) => e.seq)).toEqual([0, 1]);
    }
    const single = decodeIngestBody(JSON.stringify(events[0]), 'application/json', options);
    expect(single.ok && single.events).toHaveLength(1);
  });

  it('collects one error per bad item, with its index', () => {
    const body = [JSON.stringify(sessionStarted(0)), '{oops', JSON.stringify(sessionStarted(2, { type: 'nope' }))].join('\n');
    const decoded = decodeIngestBody(body, 'application/x-ndjson', options);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.errors.map((e) => [e.index, e.code])).toEqual([[1, 'malformed_json'], [2, 'unknown_type']]);
  });

  it('refuses an empty batch and a JSON scalar', () => {
    const empty = decodeIngestBody('[]', 'application/json', options);
    expect(!empty.ok && empty.errors[0]!.code).toBe('empty_batch');
    const scalar = decodeIngestBody('42', 'application/json', options);
    expect(!scalar.ok && scalar.errors[0]!.code).toBe('malformed_json');
  });

  it('refuses an event over the size limit before parsing it', () => {
    const big = JSON.stringify(sessionStarted(0, { data: { external_id: 'x'.repeat(200) } }));
    const decoded = decodeIngestBody(big, 'application/x-ndjson', { maxEventBytes: 100 });
    expect(!decoded.ok && decoded.errors[0]!.code).toBe('event_too_large');
  });

  it('refuses an event nested too deep to hash, as a JSON array or NDJSON, instead of failing to store it', () => {
    const deep = JSON.stringify(sessionStarted(0, { data: { external_id: '@' } })).replace('"@"', `${'{"a":['.repeat(20_000)}1${']}'.repeat(20_000)}`);
    for (const [body, type] of [[`[${deep}]`, 'application/json'], [deep, 'application/x-ndjson']] as const) {
      const decoded = decodeIngestBody(body, type, { maxEventBytes: 1024 * 1024 });
      expect(!decoded.ok && decoded.errors[0]).toMatchObject({ index: 0, code: 'invalid_event', issues: [{ message: 'nested deeper than 128 levels' }] });
    }
  });

  it('caps the number of reported errors', () => {
    const body = Array.from({ length: 50 }, () => '{bad').join('\n');
    const decoded = decodeIngestBody(body, 'application/x-ndjson', { ...options, maxErrors: 5 });
    expect(!decoded.ok && decoded.errors).toHaveLength(5);
  });

  it('recognises NDJSON content types', () => {
    expect(isNdjson('application/x-ndjson')).toBe(true);
    expect(isNdjson('application/jsonl; charset=utf-8')).toBe(true);
    expect(isNdjson('application/json')).toBe(false);
    expect(isNdjson(undefined)).toBe(false);
  });
});
