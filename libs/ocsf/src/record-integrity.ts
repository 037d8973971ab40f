import { HASH_PREFIX, type LedgerEvent } from '@mcp-ledger/events';
import type { OcsfAttestation, OcsfFingerprint } from './ocsf-record.types';

/** `metadata.profiles` entry of records that carry `attestation_list` (OCSF 1.9). */
export const RECORD_INTEGRITY_PROFILE = 'record_integrity';

/** `fingerprint.algorithm_id` 3. */
const SHA_256 = { id: 3, caption: 'SHA-256' } as const;

/**
 * `fingerprint.serialization_id` 99 (Other), not 2 (JCS). The digested bytes are
 * `prev_hash ?? ''`, a newline, then the canonical JSON of the ledger envelope without its
 * `hash` (libs/events event-hash.ts). That canonical JSON is byte for byte the JCS form of an
 * I-JSON value (keys by UTF-16 code units, ECMAScript numbers and string escapes), but the
 * prefix is not JSON, the canonical form also accepts what JCS refuses (lone surrogates,
 * non-finite numbers written as null), and what it serialises is the ledger event, not the
 * OCSF record. Claiming JCS would send a verifier to hash the wrong bytes.
 */
export const LEDGER_CHAIN_SERIALIZATION = { id: 99, name: 'mcp-ledger-event-chain-v1' } as const;

/** The fingerprint of a ledger hash (`sha256:<hex>`): its hex digest, with how it was computed. */
function fingerprintOf(hash: string): OcsfFingerprint {
  return {
    algorithm_id: SHA_256.id,
    algorithm: SHA_256.caption,
    value: hash.startsWith(HASH_PREFIX) ? hash.slice(HASH_PREFIX.length) : hash,
    serialization_id: LEDGER_CHAIN_SERIALIZATION.id,
    serialization: LEDGER_CHAIN_SERIALIZATION.name,
  };
}

/** A chain is one session of one tenant; `/` is outside the id alphabet, so the pair is unambiguous. */
const chainUidOf = (tenant: string, sessionId: string): string => `${tenant}/${sessionId}`;

/**
 * The event's place in its session's hash chain as an OCSF 1.9 attestation. `prev_event`
 * needs the predecessor's id, which the event does not carry (`previousEventId`, looked up
 * by the caller); without it `prev_event` is left out rather than given a made-up uid, so
 * a record with `metadata.sequence` > 0 and no `prev_event` means "predecessor not known
 * here", never "start of a chain".
 *
 * No `authority_uid`: the chain is computed by the emitter, which has no verifiable identity
 * (`source.emitter` is a self-declared name), and no key signs the events; the signed
 * checkpoints are a separate statement (docs/integrity.md). No `signatures` for that reason.
 */
export function attestationOf(event: LedgerEvent, previousEventId: string | undefined): OcsfAttestation {
  return {
    chain_uid: chainUidOf(event.tenant, event.session_id),
    fingerprint: fingerprintOf(event.hash),
    prev_event:
      event.prev_hash !== null && previousEventId !== undefined ? { uid: previousEventId, fingerprint: fingerprintOf(event.prev_hash) } : undefined,
  };
}
