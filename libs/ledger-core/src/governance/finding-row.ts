import { canonicalJson, hashJson, type LedgerEvent } from '@mcp-ledger/events';
import { toClickHouseTime } from '@mcp-ledger/projections';
import type { FindingRow } from '../provenance/provenance-rows';

/** A finding about one call, raised at the time of the event it is about; `about` makes its id. */
export function callFinding(
  event: LedgerEvent,
  callId: string,
  kind: string,
  severity: string,
  about: readonly string[],
  body: { summary: string; evidence: unknown },
): FindingRow {
  return {
    tenant: event.tenant,
    finding_id: hashJson([kind, event.tenant, event.session_id, callId, ...about]),
    kind,
    severity,
    summary: body.summary,
    evidence: canonicalJson(body.evidence),
    session_id: event.session_id,
    call_id: callId,
    raised_at: toClickHouseTime(event.time),
  };
}
