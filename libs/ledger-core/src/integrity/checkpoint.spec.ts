import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkCheckpoint, checkpointKeyFromPem, compareHeads, keyIdFromPem, signCheckpoint, type SessionHead, type StoredSession } from './checkpoint';

const pemKey = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const key = checkpointKeyFromPem(pemKey());
const heads: SessionHead[] = [
  { sessionId: 's-b', seq: 4, hash: `sha256:${'b'.repeat(64)}`, events: 5 },
  { sessionId: 's-a', seq: 2, hash: `sha256:${'a'.repeat(64)}`, events: 3 },
];
const createdAt = new Date(Date.UTC(2026, 10, 25, 9, 0, 0));
const checkpoint = signCheckpoint({ tenant: 't', heads, previous: null, createdAt, key });

describe('signCheckpoint / checkCheckpoint', () => {
  it('signs a body that names the tenant, time, previous checkpoint, totals, heads digest and key', () => {
    expect(JSON.parse(checkpoint.body)).toMatchObject({ version: 1, tenant: 't', created_at: '2026-11-25T09:00:00.000Z', previous: null, sessions: 2, events: 8, key_id: key.keyId });
    expect(JSON.parse(checkpoint.heads)[0][0]).toBe('s-a');
    expect(checkCheckpoint(checkpoint, { trustedKeyIds: new Set([key.keyId]) }).problems).toEqual([]);
  });

  it('is deterministic, and chains to the previous checkpoint', () => {
    expect(signCheckpoint({ tenant: 't', heads: [...heads].reverse(), previous: null, createdAt, key })).toEqual(checkpoint);
    const next = signCheckpoint({ tenant: 't', heads, previous: checkpoint.digest, createdAt: new Date(createdAt.getTime() + 60_000), key });
    expect(JSON.parse(next.body).previous).toBe(checkpoint.digest);
    expect(next.digest).not.toBe(checkpoint.digest);
  });

  it('reports a bad signature, an edited body or heads, and a key it was not told to trust', () => {
    const flipped = Buffer.from(checkpoint.signature, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(checkCheckpoint({ ...checkpoint, signature: flipped.toString('base64') }).problems.map((p) => p.kind)).toEqual(['checkpoint_signature']);
    const editedBody = checkpoint.body.replace('"events":8', '"events":9');
    expect(checkCheckpoint({ ...checkpoint, body: editedBody }).problems.map((p) => p.kind)).toEqual(['checkpoint_edited', 'checkpoint_signature']);
    const editedHeads = checkpoint.heads.replace('"s-a",2', '"s-a",1');
    expect(checkCheckpoint({ ...checkpoint, heads: editedHeads }).problems.map((p) => p.kind)).toEqual(['checkpoint_edited']);
    const other = checkpointKeyFromPem(pemKey());
    expect(checkCheckpoint(checkpoint, { trustedKeyIds: new Set([other.keyId]) }).problems.map((p) => p.kind)).toEqual(['checkpoint_untrusted_key']);
  });

  it('reports a checkpoint re-signed by an intruder under a key stored beside it, once keys are pinned', () => {
    const intruder = checkpointKeyFromPem(pemKey());
    const forged = signCheckpoint({ tenant: 't', heads: heads.slice(1), previous: null, createdAt, key: intruder });
    expect(checkCheckpoint(forged).problems).toEqual([]);
    expect(checkCheckpoint(forged, { trustedKeyIds: new Set([key.keyId]) }).problems.map((p) => p.kind)).toEqual(['checkpoint_untrusted_key']);
  });

  it('takes the key id from a public or a private PEM, and refuses other key types', () => {
    expect(keyIdFromPem(key.publicKeyPem)).toBe(key.keyId);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => checkpointKeyFromPem(rsa)).toThrow(/Ed25519/);
  });
});

describe('compareHeads', () => {
  const stored = (entries: Record<string, StoredSession>) => new Map(Object.entries(entries));
  const intact = { 's-a': { events: 3, hashesAtSeq: [heads[1]!.hash] }, 's-b': { events: 7, hashesAtSeq: [heads[0]!.hash] } };

  it('accepts sessions that still hold their checkpointed head, and have grown', () => {
    expect(compareHeads(heads, stored(intact))).toEqual([]);
  });

  it('names a deleted session, a deleted tail, a rewritten head and deleted events', () => {
    expect(compareHeads(heads, stored({ 's-b': intact['s-b'] }))).toEqual([{ kind: 'session_deleted', sessionId: 's-a', seq: 2, detail: expect.any(String) }]);
    expect(compareHeads(heads, stored({ ...intact, 's-b': { events: 4, hashesAtSeq: [] } })).map((p) => [p.kind, p.sessionId, p.seq])).toEqual([
      ['tail_deleted', 's-b', 4],
      ['events_deleted', 's-b', 4],
    ]);
    expect(compareHeads(heads, stored({ ...intact, 's-a': { events: 3, hashesAtSeq: [`sha256:${'c'.repeat(64)}`] } })).map((p) => p.kind)).toEqual(['head_mismatch']);
  });
});
