import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { computeEventHash } from './event-hash';
import { sealEvent } from './seal-event';

const unsealed = {
  specversion: '1.0',
  id: '01900000-0000-7000-8000-000000000000',
  type: 'tool_call.requested',
  time: '2026-11-25T00:00:00.000Z',
  tenant: 't1',
  session_id: 's1',
  seq: 3,
  source: { kind: 'emitter', side: 'client', emitter: { name: 'e', version: '1' } },
  data: { call_id: 'c', arguments: { text: 'say "hi"\n', n: [1, 2.5, null, true] }, 'gen_ai.tool.name': 'x', gone: undefined },
  traceparent: undefined,
};

describe('sealEvent', () => {
  it('hashes exactly as computeEventHash and gives the canonical JSON of the sealed event as its line', () => {
    for (const prev of [null, 'sha256:' + 'ab'.repeat(32)]) {
      const { event, line } = sealEvent(unsealed, prev);
      expect(event.prev_hash).toBe(prev);
      expect(event.hash).toBe(computeEventHash(event));
      expect(line).toBe(canonicalJson(event));
      expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(event)));
    }
  });

  it('places hash correctly whatever members come before or after it, and ignores a stale hash', () => {
    const shapes: Record<string, unknown>[] = [{}, { a: 1 }, { z: 1 }, { a: 1, z: 2 }, { hash: 'sha256:stale', a: 'x' }, { h: 1, hasi: 2, has: 3 }];
    for (const shape of shapes) {
      const { event, line } = sealEvent(shape, null);
      expect(line).toBe(canonicalJson(event));
      expect(event.hash).toBe(computeEventHash(event));
      expect(event.hash).not.toBe('sha256:stale');
    }
  });

  it('with encode, gives the UTF-8 bytes of the line and a newline, and the same hash', () => {
    const shapes: Record<string, unknown>[] = [{}, { a: 'é\u{1F600}' }, { z: '"q"' }, { a: 1, z: 'ü' }, unsealed];
    for (const prev of [null, 'sha256:' + 'cd'.repeat(32)]) {
      for (const shape of shapes) {
        const plain = sealEvent(shape, prev);
        const encoded = sealEvent(shape, prev, { encode: true });
        expect(encoded.line).toBe(plain.line);
        expect(encoded.event.hash).toBe(plain.event.hash);
        expect(encoded.bytes?.toString('utf8')).toBe(plain.line + '\n');
        expect(plain.bytes).toBeUndefined();
      }
    }
  });

  it('uses canonical JSON the caller already has for a member, and does not touch its input', () => {
    const before = JSON.stringify(unsealed);
    const sourceJson = canonicalJson(unsealed.source);
    const withKnown = sealEvent(unsealed, null, { memberJson: { source: sourceJson } });
    expect(withKnown.line).toBe(sealEvent(unsealed, null).line);
    expect(JSON.stringify(unsealed)).toBe(before);
  });
});
