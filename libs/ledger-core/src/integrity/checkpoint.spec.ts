import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkCheckpoint, checkpointKeyFromPem, compareHeads, headsJson, keyIdFromPem, signCheckpoint, type SessionHead, type StoredSession } from './checkpoint';

const pemKey = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const key = checkpointKeyFromPem(pemKey());
const redacted = `sha256:${'d'.repeat(64)}`;
const heads: SessionHead[] = [
  { sessionId: 's-b', seq: 4, hash: `sha256:${'b'.repeat(64)}`, events: 5, redactions: redacted },
  { sessionId: 's-a', seq: 2, hash: `sha256:${'a'.repeat(64)}`, events: 3, redactions: '' },
];
const v1Heads = heads.map(({ redactions: _dropped, ...head }) => head);
const createdAt = new Date(Date.UTC(2026, 10, 25, 9, 0, 0));
const checkpoint = signCheckpoint({ tenant: 't', heads, previous: null, createdAt, key });

describe('signCheckpoint / checkCheckpoint', () => {
  it('signs a body that names the tenant, time, previous checkpoint, totals, heads digest and key', () => {
    expect(JSON.parse(checkpoint.body)).toMatchObject({ version: 2, tenant: 't', created_at: '2026-11-25T09:00:00.000Z', previous: null, sessions: 2, events: 8, key_id: key.keyId });
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

describe('checkpoint versions', () => {
  it('signs version-2 heads with the redactions digest as a fifth element, and refuses a head without one', () => {
    expect(JSON.parse(checkpoint.heads)).toEqual([
      ['s-a', 2, heads[1]!.hash, 3, ''],
      ['s-b', 4, heads[0]!.hash, 5, redacted],
    ]);
    expect(() => headsJson(v1Heads)).toThrow(/no redactions digest/);
  });

  it('still reads a version-1 checkpoint: four-element heads, no redactions digest, no problem', () => {
    const v1 = signCheckpoint({ tenant: 't', heads: v1Heads, previous: null, createdAt, key, version: 1 });
    expect(JSON.parse(v1.body)).toMatchObject({ version: 1 });
    expect(JSON.parse(v1.heads)).toEqual([
      ['s-a', 2, heads[1]!.hash, 3],
      ['s-b', 4, heads[0]!.hash, 5],
    ]);
    const checked = checkCheckpoint(v1, { trustedKeyIds: new Set([key.keyId]) });
    expect(checked.problems).toEqual([]);
    expect(checked.heads?.find((h) => h.sessionId === 's-b')).toEqual(v1Heads[0]);
    expect(checkCheckpoint(checkpoint).heads?.find((h) => h.sessionId === 's-b')).toEqual(heads[0]);
  });

  it('reports heads that do not have the shape of their version, and a version it does not know', () => {
    const v1 = signCheckpoint({ tenant: 't', heads: v1Heads, previous: null, createdAt, key, version: 1 });
    expect(checkCheckpoint({ ...checkpoint, heads: v1.heads }).problems.map((p) => p.detail)).toEqual([expect.stringMatching(/unreadable .*\[session, seq, hash, events, redactions\]/)]);
    const future = { ...checkpoint, body: checkpoint.body.replace('"version":2', '"version":3') };
    expect(checkCheckpoint(future).problems.map((p) => p.detail)).toContain('the session heads are unreadable (version 3 is not one this verifier knows)');
  });
});

describe('compareHeads', () => {
  const stored = (entries: Record<string, StoredSession>) => new Map(Object.entries(entries));
  const intact = {
    's-a': { events: 3, hashesAtSeq: [heads[1]!.hash], redactionRecords: { digest: '', seqs: [] } },
    's-b': { events: 7, hashesAtSeq: [heads[0]!.hash], redactionRecords: { digest: redacted, seqs: [1] } },
  };

  it('accepts sessions that still hold their checkpointed head, and have grown', () => {
    expect(compareHeads(heads, stored(intact))).toEqual([]);
  });

  it('names the redaction records of a version-2 head that no longer match, with the seqs stored now', () => {
    const rewritten = { ...intact, 's-b': { ...intact['s-b'], redactionRecords: { digest: `sha256:${'e'.repeat(64)}`, seqs: [1] } } };
    expect(compareHeads(heads, stored(rewritten))).toEqual([
      { kind: 'redaction_record_edited', sessionId: 's-b', seq: 4, detail: `the ledger's redaction records at seq ≤ 4 do not match the checkpoint: 1 stored now (at seq 1), checkpointed ${redacted}` },
    ]);
    const attached = { 's-a': { ...intact['s-a'], redactionRecords: { digest: `sha256:${'f'.repeat(64)}`, seqs: [0, 2] } }, 's-b': { ...intact['s-b'], redactionRecords: { digest: '', seqs: [] } } };
    expect(compareHeads(heads, stored(attached)).map((p) => [p.kind, p.sessionId, p.detail])).toEqual([
      ['redaction_record_edited', 's-b', expect.stringMatching(/none is stored now, checkpointed sha256:d+$/)],
      ['redaction_record_edited', 's-a', expect.stringMatching(/2 stored now \(at seq 0, 2\), none was checkpointed$/)],
    ]);
    expect(compareHeads(v1Heads, stored(rewritten))).toEqual([]);
  });

  it('names a deleted session, a deleted tail, a rewritten head and deleted events', () => {
    expect(compareHeads(heads, stored({ 's-b': intact['s-b'] }))).toEqual([{ kind: 'session_deleted', sessionId: 's-a', seq: 2, detail: expect.any(String) }]);
    expect(compareHeads(heads, stored({ ...intact, 's-b': { ...intact['s-b'], events: 4, hashesAtSeq: [] } })).map((p) => [p.kind, p.sessionId, p.seq])).toEqual([
      ['tail_deleted', 's-b', 4],
      ['events_deleted', 's-b', 4],
    ]);
    expect(compareHeads(heads, stored({ ...intact, 's-a': { events: 3, hashesAtSeq: [`sha256:${'c'.repeat(64)}`] } })).map((p) => p.kind)).toEqual(['head_mismatch']);
  });
});
