/**
 * @mcp-ledger/ocsf — ledger events and findings as OCSF 1.8.0 records for SIEMs (pure):
 * every event is one API Activity (6003, with the `ai_operation` profile where it fits),
 * every finding one Detection Finding (2004). `metadata.uid` is the dedup key.
 *
 * @example
 * const line = JSON.stringify(toApiActivity(event));
 * const finding = JSON.stringify(toDetectionFinding(row));
 */
export { toApiActivity } from './api-activity.mapper';
export { epochMillis, toDetectionFinding, type LedgerFinding } from './detection-finding.mapper';
export { API_ACTIVITY, DETECTION_FINDING, OCSF_VERSION, SEVERITY, severityOf } from './ocsf.constants';
export { PRODUCT_NAME } from './product';
export type { OcsfApiActivity, OcsfDetectionFinding, OcsfOptions, OcsfRecord } from './ocsf-record.types';
