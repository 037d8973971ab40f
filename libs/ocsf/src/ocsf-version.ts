/**
 * The OCSF versions the mappers can write (`metadata.version`). 1.8.0 is the default and
 * the released schema every SIEM knows. 1.9.0-dev is upstream `main` (unreleased, pinned in
 * test/fixtures/ocsf): it adds the `record_integrity` profile, which carries the ledger's
 * hash chain as `attestation_list`. It is opt-in because a 1.8.0 validator rejects the extra
 * attribute, and because 1.9 may still change before its release.
 */
export const OCSF_VERSIONS = ['1.8.0', '1.9.0-dev'] as const;
export type OcsfVersion = (typeof OCSF_VERSIONS)[number];

export function isOcsfVersion(value: string): value is OcsfVersion {
  return (OCSF_VERSIONS as readonly string[]).includes(value);
}

/** Whether records of this version carry the hash chain (`record_integrity`, new in 1.9). */
export const hasRecordIntegrity = (version: OcsfVersion): boolean => version !== '1.8.0';
