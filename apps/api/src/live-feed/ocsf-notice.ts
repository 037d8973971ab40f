import { API_ACTIVITY, DETECTION_FINDING } from '@mcp-ledger/ocsf';

/** What an OCSF record on the topic tells subscribers about; `uid` is its `metadata.uid` (the dedup key). */
export type OcsfNotice =
  | { kind: 'finding'; tenant: string; findingId: string; uid: string }
  | { kind: 'approval'; tenant: string; approvalId: string; uid: string };

export type OcsfNoticeResult = { notice: OcsfNotice } | { skip: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Reads one message of the OCSF topic (libs/ocsf's records, as the projector publishes them):
 * a Detection Finding (2004) is a raised finding, an API Activity (6003) of an
 * `approval.requested` event a call held for a reviewer; every other record is skipped
 * with the reason. Pure: the lookups that make a notice of it are the caller's.
 */
export function ocsfNotice(value: Buffer | string): OcsfNoticeResult {
  let record: unknown;
  try {
    record = JSON.parse(value.toString());
  } catch (error) {
    return { skip: `not JSON: ${(error as Error).message}` };
  }
  if (!isObject(record) || !isObject(record['metadata'])) return { skip: 'not an OCSF record (no metadata)' };
  const metadata = record['metadata'];
  const uid = text(metadata['uid']);
  const tenant = text(metadata['tenant_uid']);
  if (uid === undefined || tenant === undefined) return { skip: 'metadata.uid or metadata.tenant_uid missing' };
  switch (record['class_uid']) {
    case DETECTION_FINDING.classUid: {
      const findingId = isObject(record['finding_info']) ? text(record['finding_info']['uid']) : undefined;
      return { notice: { kind: 'finding', tenant, findingId: findingId ?? uid, uid } };
    }
    case API_ACTIVITY.classUid: {
      if (metadata['event_code'] !== 'approval.requested') return { skip: `event ${String(metadata['event_code'])} is no notice` };
      const unmapped = record['unmapped'];
      const approvalId = isObject(unmapped) && isObject(unmapped['data']) ? text(unmapped['data']['approval_id']) : undefined;
      if (approvalId === undefined) return { skip: `approval.requested ${uid} without unmapped.data.approval_id` };
      return { notice: { kind: 'approval', tenant, approvalId, uid } };
    }
    default:
      return { skip: `class_uid ${String(record['class_uid'])} is no notice` };
  }
}
