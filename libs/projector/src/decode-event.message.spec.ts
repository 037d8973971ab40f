import { describe, expect, it } from 'vitest';
import { computeEventHash } from '@mcp-ledger/events';
import { decodeEventMessage } from './decode-event.message';

const valid = (() => {
  const event: Record<string, unknown> = {
    specversion: '1.0',
    id: '019ab7a4-6f70-7000-8000-000000000001',
    type: 'session.started',
    time: '2026-11-25T10:00:00.000Z',
    tenant: 't',
    session_id: 's',
    seq: 0,
    source: { kind: 'emitter' },
    prev_hash: null,
    data: {},
  };
  event['hash'] = computeEventHash(event as { prev_hash: null });
  return event;
})();

describe('decodeEventMessage', () => {
  it('decodes a valid event', () => {
    const decoded = decodeEventMessage(Buffer.from(JSON.stringify(valid)), 1024);
    expect(decoded.ok && decoded.event.id).toBe(valid['id']);
  });

  it.each([
    ['empty', Buffer.alloc(0), /^empty/],
    ['not JSON', Buffer.from('{"specversion": '), /^malformed_json/],
    ['unknown version', Buffer.from(JSON.stringify({ ...valid, specversion: '2.0' })), /^unsupported_version/],
    ['wrong schema', Buffer.from(JSON.stringify({ ...valid, seq: 'x' })), /^invalid_event: .*seq/],
    ['too large', Buffer.from(JSON.stringify({ ...valid, pad: 'x'.repeat(2000) })), /^event_too_large/],
  ])('names why %s is poison', (_label, value, reason) => {
    const decoded = decodeEventMessage(value, 1024);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.reason).toMatch(reason);
  });
});
