import type { OcsfVersion } from './ocsf-version';

/** The OCSF version records declare (`metadata.version`) unless asked for another (ocsf-version.ts). */
export const OCSF_VERSION = '1.8.0' satisfies OcsfVersion;

export const API_ACTIVITY = { classUid: 6003, className: 'API Activity', categoryUid: 6, categoryName: 'Application Activity' } as const;
export const DETECTION_FINDING = { classUid: 2004, className: 'Detection Finding', categoryUid: 2, categoryName: 'Findings' } as const;

/** OCSF `severity_id` with its caption. */
export const SEVERITY = {
  unknown: { id: 0, caption: 'Unknown' },
  informational: { id: 1, caption: 'Informational' },
  low: { id: 2, caption: 'Low' },
  medium: { id: 3, caption: 'Medium' },
  high: { id: 4, caption: 'High' },
  critical: { id: 5, caption: 'Critical' },
} as const;
export type Severity = (typeof SEVERITY)[keyof typeof SEVERITY];

/** A ledger severity (`info` · `low` · `medium` · `high` · `critical`) as OCSF's; anything else is Unknown. */
export function severityOf(ledgerSeverity: string): Severity {
  switch (ledgerSeverity) {
    case 'info':
      return SEVERITY.informational;
    case 'low':
      return SEVERITY.low;
    case 'medium':
      return SEVERITY.medium;
    case 'high':
      return SEVERITY.high;
    case 'critical':
      return SEVERITY.critical;
    default:
      return SEVERITY.unknown;
  }
}

/** API Activity `activity_id`: Read for listings and reads, Other (with the ledger's own name) for the rest. */
export const API_ACTIVITY_ID = { read: 2, other: 99 } as const;

/** API Activity `status_id`. */
export const API_STATUS = {
  unknown: { id: 0, caption: 'Unknown' },
  success: { id: 1, caption: 'Success' },
  failure: { id: 2, caption: 'Failure' },
} as const;
export type ApiStatus = (typeof API_STATUS)[keyof typeof API_STATUS];

/** `message_context.ai_role_id` 3: the content came from (or went to) a tool. */
export const AI_ROLE_TOOL = { id: 3, caption: 'Tool' } as const;

/** `metadata.profiles` of records that carry `message_context` (OCSF 1.8 `ai_operation`). */
export const AI_OPERATION_PROFILE = 'ai_operation';
