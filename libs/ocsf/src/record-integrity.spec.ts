import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, computeEventHash } from '@mcp-ledger/events';
import { toApiActivity } from './api-activity.mapper';
import type { OcsfApiActivity } from './ocsf-record.types';
import { sampleEvents } from './testing/ledger-samples';

const events = sampleEvents();
/** Each event as the export writes it in 1.9.0-dev: with the id of the event before it in the session. */
const records = events.map((event, i) => toApiActivity(event, { ocsfVersion: '1.9.0-dev', previousEventId: events[i - 1]?.id }));
const attestation = (record: OcsfApiActivity) => record.attestation_list![0]!;

describe('OCSF 1.9.0-dev record_integrity: the hash chain as attestation_list', () => {
  it('declares the version and the profile next to ai_operation', () => {
    const call = records[events.findIndex((event) => event.type === 'tool_call.requested')]!;
    expect(call.metadata).toMatchObject({ version: '1.9.0-dev', profiles: ['ai_operation', 'record_integrity'] });
    expect(records[0]!.metadata.profiles).toEqual(['record_integrity']);
  });

  it('fingerprints each record with its stored event hash, which re-derives from the event', () => {
    for (const [i, event] of events.entries()) {
      const { fingerprint, chain_uid } = attestation(records[i]!);
      expect(fingerprint).toMatchObject({ algorithm_id: 3, algorithm: 'SHA-256', serialization_id: 99 });
      expect(`sha256:${fingerprint.value}`).toBe(event.hash);
      expect(`sha256:${fingerprint.value}`).toBe(computeEventHash(event));
      expect(chain_uid).toBe('acme/sess-1');
    }
  });

  it('links each record to its predecessor by id and by the predecessor\'s own fingerprint; seq 0 links to nothing', () => {
    expect(attestation(records[0]!)).not.toHaveProperty('prev_event');
    for (let i = 1; i < records.length; i++) {
      const { prev_event } = attestation(records[i]!);
      expect(prev_event?.uid).toBe(events[i - 1]!.id);
      expect(`sha256:${prev_event?.fingerprint.value}`).toBe(events[i]!.prev_hash);
      expect(prev_event?.fingerprint).toEqual(attestation(records[i - 1]!).fingerprint);
    }
  });

  it('leaves prev_event out, rather than guess an id, when the predecessor is not known', () => {
    const record = toApiActivity(events[3]!, { ocsfVersion: '1.9.0-dev' });
    expect(attestation(record)).not.toHaveProperty('prev_event');
    expect(attestation(record).fingerprint.value).toBe(events[3]!.hash.slice('sha256:'.length));
    expect(record.metadata.sequence).toBe(3);
  });

  it('does not claim JCS: the digested bytes are prev_hash, a newline and the canonical envelope, not a JCS document', () => {
    const { hash: _hash, ...envelope } = events[2]!;
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    const { value, serialization_id, serialization } = attestation(records[2]!).fingerprint;
    expect(sha256(canonicalJson(envelope))).not.toBe(value);
    expect(sha256(`${events[2]!.prev_hash}\n${canonicalJson(envelope)}`)).toBe(value);
    expect({ serialization_id, serialization }).toEqual({ serialization_id: 99, serialization: 'mcp-ledger-event-chain-v1' });
  });

  it('changes nothing else: the 1.9 record is the 1.8.0 record plus version, profile and attestation', () => {
    for (const [i, event] of events.entries()) {
      const { attestation_list: _chain, ...rest } = records[i]!;
      const legacy = toApiActivity(event);
      expect(legacy).not.toHaveProperty('attestation_list');
      const profiles = [...(legacy.metadata.profiles ?? []), 'record_integrity'];
      expect(rest).toEqual({ ...legacy, metadata: { ...legacy.metadata, version: '1.9.0-dev', profiles } });
    }
  });

  it('1.8.0, asked for or by default, ignores a predecessor id and writes the same bytes', () => {
    for (const [i, event] of events.entries()) {
      const asked = toApiActivity(event, { ocsfVersion: '1.8.0', previousEventId: events[i - 1]?.id });
      expect(JSON.stringify(asked)).toBe(JSON.stringify(toApiActivity(event)));
    }
  });
});
