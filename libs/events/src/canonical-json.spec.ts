import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { computeEventHash, hashJson } from './event-hash';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"z":1}]},"b":1}',
    );
  });

  it('gives the same hash for the same value whatever the key order', () => {
    expect(hashJson({ name: 'send_email', description: 'd' })).toBe(hashJson({ description: 'd', name: 'send_email' }));
    expect(hashJson({ a: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('computeEventHash', () => {
  const base = { id: 'e1', prev_hash: null as string | null, seq: 0, data: { x: 1 } };

  it('ignores the hash member itself and chains on prev_hash', () => {
    const first = computeEventHash(base);
    expect(computeEventHash({ ...base, hash: 'sha256:whatever' })).toBe(first);
    const second = computeEventHash({ ...base, id: 'e2', seq: 1, prev_hash: first });
    expect(second).not.toBe(computeEventHash({ ...base, id: 'e2', seq: 1, prev_hash: null }));
  });

  it('changes when any field changes', () => {
    expect(computeEventHash({ ...base, data: { x: 2 } })).not.toBe(computeEventHash(base));
  });
});
