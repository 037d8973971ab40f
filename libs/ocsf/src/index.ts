/**
 * @mcp-ledger/ocsf — ledger events and findings as OCSF 1.8.0 records for SIEMs (pure):
 * every event is one API Activity (6003, with the `ai_operation` profile where it fits),
 * every finding one Detection Finding (2004). `metadata.uid` is the dedup key. Opt-in
 * `ocsfVersion: '1.9.0-dev'` adds the hash chain to API Activity (`record_integrity`).
 *
 * @example
 * const line = JSON.stringify(toApiActivity(event));
 * const finding = JSON.stringify(toDetectionFinding(row));
 * const chained = JSON.stringify(toApiActivity(event, { ocsfVersion: '1.9.0-dev', previousEventId }));
 */
export { toApiActivity } from './api-activity.mapper';
export { epochMillis, toDetectionFinding, type LedgerFinding } from './detection-finding.mapper';
export { API_ACTIVITY, DETECTION_FINDING, OCSF_VERSION, SEVERITY, severityOf } from './ocsf.constants';
export { PRODUCT_NAME } from './product';
export { hasRecordIntegrity, isOcsfVersion, OCSF_VERSIONS, type OcsfVersion } from './ocsf-version';
export { LEDGER_CHAIN_SERIALIZATION, RECORD_INTEGRITY_PROFILE } from './record-integrity';
export type {
  ApiActivityOptions,
  OcsfApiActivity,
  OcsfAttestation,
  OcsfDetectionFinding,
  OcsfFingerprint,
  OcsfOptions,
  OcsfRecord,
} from './ocsf-record.types';
