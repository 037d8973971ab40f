import type { OcsfRecord } from './siem-support';

interface Fingerprint {
  value: string;
}

/** The part of an OCSF 1.9 API Activity record a chain check reads. */
interface ChainedRecord extends OcsfRecord {
  metadata: OcsfRecord['metadata'] & { sequence?: number };
  attestation_list?: { chain_uid: string; fingerprint: Fingerprint; prev_event?: { uid: string; fingerprint: Fingerprint } }[];
}

export interface ChainCheck {
  /** Per `chain_uid`, the record uids in the order the `prev_event` links give, from seq 0. */
  chains: Map<string, string[]>;
  problems: string[];
}

/**
 * What a SIEM-side consumer can check from OCSF 1.9 records alone, knowing nothing of the
 * ledger: per chain, every `prev_event` names a record of the chain whose own fingerprint is
 * the one quoted and whose sequence is one less; exactly one record starts the chain at
 * sequence 0; following the links from it reaches every record once, without forks. It
 * cannot re-hash a record (the fingerprint covers the ledger event, not the OCSF fields).
 */
export function checkOcsfChains(records: readonly OcsfRecord[]): ChainCheck {
  const byChain = new Map<string, ChainedRecord[]>();
  for (const record of records as readonly ChainedRecord[]) {
    const attestation = record.attestation_list?.[0];
    if (record.class_uid !== 6003 || !attestation) continue;
    byChain.set(attestation.chain_uid, [...(byChain.get(attestation.chain_uid) ?? []), record]);
  }
  const chains = new Map<string, string[]>();
  const problems: string[] = [];
  for (const [chain, members] of byChain) {
    const byUid = new Map(members.map((record) => [record.metadata.uid, record]));
    const successors = new Map<string, ChainedRecord[]>();
    const starts: ChainedRecord[] = [];
    for (const record of members) {
      const { uid, sequence } = record.metadata;
      const link = record.attestation_list![0]!.prev_event;
      if (!link) {
        if (sequence === 0) starts.push(record);
        else problems.push(`${chain}: ${uid} (seq ${sequence}) has no prev_event: its predecessor is not known`);
        continue;
      }
      const previous = byUid.get(link.uid);
      if (!previous) problems.push(`${chain}: ${uid} (seq ${sequence}) links to ${link.uid}, which is not among the records`);
      else if (previous.attestation_list![0]!.fingerprint.value !== link.fingerprint.value) problems.push(`${chain}: ${uid} links to ${link.uid} by another fingerprint`);
      else if (previous.metadata.sequence !== (sequence ?? 0) - 1) problems.push(`${chain}: ${uid} (seq ${sequence}) links to seq ${previous.metadata.sequence}`);
      successors.set(link.uid, [...(successors.get(link.uid) ?? []), record]);
    }
    if (starts.length !== 1) {
      problems.push(`${chain}: ${starts.length} records start the chain at seq 0`);
      continue;
    }
    const order: string[] = [];
    for (let current: ChainedRecord | undefined = starts[0]; current; ) {
      order.push(current.metadata.uid);
      const next: ChainedRecord[] = successors.get(current.metadata.uid) ?? [];
      if (next.length > 1) problems.push(`${chain}: ${next.length} records follow ${current.metadata.uid}`);
      current = next[0];
    }
    if (order.length !== members.length) problems.push(`${chain}: ${members.length - order.length} record(s) not reachable from seq 0`);
    chains.set(chain, order);
  }
  return { chains, problems };
}
