import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, sha256Ref } from '@mcp-ledger/events';

/**
 * 1: heads `[session_id, seq, hash, events]`. 2 (written since ADR 0015's records were
 * covered): heads `[session_id, seq, hash, events, redactions]`. Both stay verifiable.
 */
export type CheckpointVersion = 1 | 2;

/** The version the ledger writes. */
export const CHECKPOINT_VERSION: CheckpointVersion = 2;

/**
 * What a checkpoint says about one session when it was taken: the last seq of its
 * contiguous prefix from 0 (−1 when seq 0 is not stored yet), the stored hash at that
 * seq ('' for none), and how many distinct events the session had.
 */
export interface SessionHead {
  sessionId: string;
  seq: number;
  hash: string;
  events: number;
  /**
   * Version 2: `redactionRecordsDigest` of the session's ledger redaction records at seq
   * ≤ `seq` ('' for none). The stored `hash` of a ledger-redacted event is the emitter's,
   * so without this nothing signed would change when such an event and its record are
   * rewritten together. Absent in version-1 heads.
   */
  redactions?: string;
}

/** The signed part of a checkpoint. Its canonical JSON is what the signature covers. */
export interface CheckpointBody {
  version: CheckpointVersion;
  tenant: string;
  /** ISO-8601 UTC. */
  created_at: string;
  /** Digest of the checkpoint before this one (the tenant's latest when this was taken), or null. */
  previous: string | null;
  sessions: number;
  events: number;
  /** `hashJson` of the heads list (see `headsJson`). */
  heads_digest: string;
  /** `ed25519:` + sha256 hex of the signing key's SubjectPublicKeyInfo (DER). */
  key_id: string;
}

/** A checkpoint as stored (one row of the `checkpoints` table). */
export interface SignedCheckpoint {
  tenant: string;
  /** sha256 of `body`: the checkpoint's identity, and what the next one links to. */
  digest: string;
  /** Canonical JSON of a CheckpointBody: the exact bytes signed. */
  body: string;
  /** Canonical JSON of the heads list. */
  heads: string;
  /** Base64 Ed25519 signature over `body`. */
  signature: string;
  /** SPKI PEM of the signing key, so a verifier can check any key whose id it trusts. */
  public_key: string;
}

/** An Ed25519 key pair the ledger signs checkpoints with. */
export interface CheckpointKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

/** The key id of a public key: `ed25519:` + sha256 hex of its DER SubjectPublicKeyInfo. */
export function keyIdOf(publicKey: KeyObject): string {
  return `ed25519:${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

/** A signing key from a PKCS#8 PEM; throws unless it is an Ed25519 private key. */
export function checkpointKeyFromPem(pem: string): CheckpointKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 private key, got ${privateKey.asymmetricKeyType ?? 'an unknown key type'}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(publicKey) };
}

/** The key id of a PEM holding an Ed25519 public key (or a private key, whose public half is taken). */
export function keyIdFromPem(pem: string): string {
  const publicKey = createPublicKey(pem);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 key, got ${publicKey.asymmetricKeyType ?? 'an unknown key type'}`);
  return keyIdOf(publicKey);
}

/**
 * The heads list as signed, sorted by session: `[session_id, seq, hash, events]` in
 * version 1, `[session_id, seq, hash, events, redactions]` in version 2. Throws on a
 * version-2 head without its redactions digest rather than sign a claim never computed.
 */
export function headsJson(heads: readonly SessionHead[], version: CheckpointVersion = CHECKPOINT_VERSION): string {
  const sorted = [...heads].sort((a, b) => (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
  return canonicalJson(
    sorted.map((h) => {
      if (version === 1) return [h.sessionId, h.seq, h.hash, h.events];
      if (h.redactions === undefined) throw new Error(`the head of session ${JSON.stringify(h.sessionId)} has no redactions digest`);
      return [h.sessionId, h.seq, h.hash, h.events, h.redactions];
    }),
  );
}

/** Parses a stored heads list of the given checkpoint version; throws on anything that is not one. */
export function parseHeads(json: string, version: CheckpointVersion): SessionHead[] {
  const shape = version === 1 ? '[session, seq, hash, events]' : '[session, seq, hash, events, redactions]';
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error('heads is not a list');
  return parsed.map((entry: unknown) => {
    if (!Array.isArray(entry) || entry.length !== (version === 1 ? 4 : 5)) throw new Error(`a head is not ${shape}`);
    const [sessionId, seq, hash, events, redactions] = entry as unknown[];
    if (typeof sessionId !== 'string' || typeof seq !== 'number' || typeof hash !== 'string' || typeof events !== 'number') {
      throw new Error(`a head is not ${shape}`);
    }
    if (version === 1) return { sessionId, seq, hash, events };
    if (typeof redactions !== 'string') throw new Error(`a head is not ${shape}`);
    return { sessionId, seq, hash, events, redactions };
  });
}

/**
 * Builds and signs a tenant's checkpoint over its session heads. Pure but for the
 * signature (Ed25519 is deterministic: the same inputs give the same row). `version` 1
 * only reproduces what ledgers wrote before version 2; its heads cover no redaction records.
 *
 * @example
 * const checkpoint = signCheckpoint({ tenant, heads, previous: latest?.digest ?? null, createdAt: new Date(), key });
 */
export function signCheckpoint({
  tenant,
  heads,
  previous,
  createdAt,
  key,
  version = CHECKPOINT_VERSION,
}: {
  tenant: string;
  heads: readonly SessionHead[];
  previous: string | null;
  createdAt: Date;
  key: CheckpointKey;
  version?: CheckpointVersion;
}): SignedCheckpoint {
  const headsText = headsJson(heads, version);
  const body: CheckpointBody = {
    version,
    tenant,
    created_at: createdAt.toISOString(),
    previous,
    sessions: heads.length,
    events: heads.reduce((sum, h) => sum + h.events, 0),
    heads_digest: sha256Ref(headsText),
    key_id: key.keyId,
  };
  const bodyText = canonicalJson(body);
  return {
    tenant,
    digest: sha256Ref(bodyText),
    body: bodyText,
    heads: headsText,
    signature: sign(null, Buffer.from(bodyText, 'utf8'), key.privateKey).toString('base64'),
    public_key: key.publicKeyPem,
  };
}

export type CheckpointProblemKind = 'checkpoint_edited' | 'checkpoint_signature' | 'checkpoint_untrusted_key';

export interface CheckpointCheck {
  /** The parsed body and heads when the row holds them intact enough to use. */
  body?: CheckpointBody;
  heads?: SessionHead[];
  problems: { kind: CheckpointProblemKind; detail: string }[];
}

/**
 * Checks one stored checkpoint on its own: its digest, its heads against the digest they
 * were signed under, the key id against the public key stored beside it, and the Ed25519
 * signature. With `trustedKeyIds`, a checkpoint signed by any other key is reported:
 * without them, a signature only proves the row was signed by the key stored next to it.
 */
export function checkCheckpoint(row: SignedCheckpoint, { trustedKeyIds }: { trustedKeyIds?: ReadonlySet<string> } = {}): CheckpointCheck {
  const problems: CheckpointCheck['problems'] = [];
  let body: CheckpointBody;
  try {
    body = JSON.parse(row.body) as CheckpointBody;
  } catch {
    return { problems: [{ kind: 'checkpoint_edited', detail: 'the signed body is not JSON' }] };
  }
  if (sha256Ref(row.body) !== row.digest) problems.push({ kind: 'checkpoint_edited', detail: 'the body does not match the checkpoint digest' });
  if (body.tenant !== row.tenant) problems.push({ kind: 'checkpoint_edited', detail: `the body is for tenant ${JSON.stringify(body.tenant)}` });
  let heads: SessionHead[] | undefined;
  try {
    if (body.version !== 1 && body.version !== 2) throw new Error(`version ${JSON.stringify(body.version)} is not one this verifier knows`);
    heads = parseHeads(row.heads, body.version);
    if (sha256Ref(row.heads) !== body.heads_digest) {
      problems.push({ kind: 'checkpoint_edited', detail: 'the session heads do not match the digest they were signed under' });
    }
  } catch (error) {
    problems.push({ kind: 'checkpoint_edited', detail: `the session heads are unreadable (${(error as Error).message})` });
  }
  let publicKey: KeyObject | undefined;
  try {
    publicKey = createPublicKey(row.public_key);
  } catch {
    problems.push({ kind: 'checkpoint_signature', detail: 'the stored public key is unreadable' });
  }
  if (publicKey) {
    const keyId = keyIdOf(publicKey);
    if (keyId !== body.key_id) problems.push({ kind: 'checkpoint_signature', detail: `signed for key ${body.key_id}, stored with key ${keyId}` });
    else if (!verify(null, Buffer.from(row.body, 'utf8'), publicKey, Buffer.from(row.signature, 'base64'))) {
      problems.push({ kind: 'checkpoint_signature', detail: `the signature does not verify under key ${keyId}` });
    }
    if (trustedKeyIds && !trustedKeyIds.has(keyId)) problems.push({ kind: 'checkpoint_untrusted_key', detail: `signed by ${keyId}, not a trusted key` });
  }
  return { body, heads, problems };
}

export type HeadProblemKind = 'session_deleted' | 'tail_deleted' | 'head_mismatch' | 'events_deleted' | 'redaction_record_edited';

export interface HeadProblem {
  kind: HeadProblemKind;
  sessionId: string;
  seq: number;
  detail: string;
}

/** What the store holds now for one checkpointed session. */
export interface StoredSession {
  /** Distinct events of the session. */
  events: number;
  /** The stored hashes at the checkpointed seq (two or more only if forked). */
  hashesAtSeq: readonly string[];
  /**
   * The ledger redaction records stored now at seq ≤ the checkpointed seq: their digest
   * ('' for none) and seqs. Looked up only for heads that carry a digest (version 2).
   */
  redactionRecords?: { digest: string; seqs: readonly number[] };
}

/**
 * Compares a checkpoint's session heads with what the store holds now: a session with
 * no events left (`session_deleted`), no event at the checkpointed head (`tail_deleted`),
 * another hash there (`head_mismatch`: the chain was rewritten), fewer events than
 * were checkpointed (`events_deleted`, e.g. past a gap the chain cannot see across), or,
 * for a version-2 head, other ledger redaction records in the prefix than were signed
 * (`redaction_record_edited`: a ledger-redacted event rewritten with its record, or a
 * record attached to disguise an edit). Together with an intact chain from seq 0, a
 * matching head proves the prefix is the one that was signed.
 */
export function compareHeads(heads: readonly SessionHead[], stored: ReadonlyMap<string, StoredSession>): HeadProblem[] {
  const problems: HeadProblem[] = [];
  for (const head of heads) {
    const now = stored.get(head.sessionId);
    if (!now || now.events === 0) {
      problems.push({ kind: 'session_deleted', sessionId: head.sessionId, seq: head.seq, detail: `the session had ${head.events} event(s) and has none now` });
      continue;
    }
    if (head.seq >= 0 && now.hashesAtSeq.length === 0) {
      problems.push({ kind: 'tail_deleted', sessionId: head.sessionId, seq: head.seq, detail: `no event at the checkpointed head seq ${head.seq}` });
    } else if (head.seq >= 0 && !now.hashesAtSeq.includes(head.hash)) {
      problems.push({ kind: 'head_mismatch', sessionId: head.sessionId, seq: head.seq, detail: `the event at seq ${head.seq} has hash ${now.hashesAtSeq.join(' | ')}, checkpointed ${head.hash}` });
    }
    if (now.events < head.events) {
      problems.push({ kind: 'events_deleted', sessionId: head.sessionId, seq: head.seq, detail: `${now.events} event(s) stored, ${head.events} checkpointed` });
    }
    const records = now.redactionRecords ?? { digest: '', seqs: [] };
    if (head.redactions !== undefined && records.digest !== head.redactions) {
      problems.push({ kind: 'redaction_record_edited', sessionId: head.sessionId, seq: head.seq, detail: redactionsDetail(head, records.seqs) });
    }
  }
  return problems;
}

/** Where to look: the digest cannot say which record changed, but the seqs stored now and 'none checkpointed' narrow it. */
function redactionsDetail(head: SessionHead, seqs: readonly number[]): string {
  const listed = seqs.length > 10 ? `${seqs.slice(0, 10).join(', ')}, …` : seqs.join(', ');
  const now = seqs.length === 0 ? 'none is stored now' : `${seqs.length} stored now (at seq ${listed})`;
  const then = head.redactions === '' ? 'none was checkpointed' : `checkpointed ${head.redactions}`;
  return `the ledger's redaction records at seq ≤ ${head.seq} do not match the checkpoint: ${now}, ${then}`;
}
