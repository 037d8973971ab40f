import { canonicalJson, hashJson, type LedgerEvent } from '@mcp-ledger/events';
import type { CallVerdict } from '@mcp-ledger/provenance';
import { blankToolCallRow, toClickHouseTime, type FindingRow, type ToolCallRow } from '@mcp-ledger/projections';

export interface ProvenanceEdgeRow {
  tenant: string;
  session_id: string;
  call_id: string;
  source_seq: number;
  call_seq: number;
  content_hash: string;
  source_kind: string;
  score: number;
  evidence: string;
}

export type { FindingRow };

export interface ProvenanceRows {
  tool_calls: ToolCallRow[];
  provenance_edges: ProvenanceEdgeRow[];
  findings: FindingRow[];
}

export const PROVENANCE_TABLES = ['tool_calls', 'provenance_edges', 'findings'] as const;

/** The verdict as one more partial tool_calls row: only the key and the verdict columns. */
function verdictRow(request: LedgerEvent, verdict: CallVerdict): ToolCallRow {
  return {
    ...blankToolCallRow({ tenant: request.tenant, session_id: request.session_id, call_id: verdict.callId }),
    origin: verdict.origin,
    injection_suspected: verdict.injectionSuspected ? 1 : 0,
    injection_score: verdict.score,
  };
}

const severityOf = (score: number) => (score >= 0.9 ? 'high' : score >= 0.7 ? 'medium' : 'low');

/**
 * Rows for one call's verdict: the verdict on tool_calls, an edge per source, and an
 * `injection_suspected` finding when the engine suspects injection. Deterministic (ids
 * derive from what they are about), so a replay rewrites the same rows.
 */
export function provenanceRows(request: LedgerEvent, verdict: CallVerdict, kindOfSeq: (seq: number) => string): ProvenanceRows {
  const edges = verdict.sources.map((source) => ({
    tenant: request.tenant,
    session_id: request.session_id,
    call_id: verdict.callId,
    source_seq: source.seq,
    call_seq: verdict.seq,
    content_hash: source.contentHash,
    source_kind: kindOfSeq(source.seq),
    score: source.score,
    evidence: canonicalJson(source.evidence),
  }));
  const findings: FindingRow[] = [];
  if (verdict.injectionSuspected) {
    const top = verdict.sources[0];
    findings.push({
      tenant: request.tenant,
      finding_id: hashJson(['injection_suspected', request.tenant, request.session_id, verdict.callId]),
      kind: 'injection_suspected',
      severity: severityOf(verdict.score),
      summary:
        `${verdict.toolName} call ${verdict.callId} looks caused by content the agent read` +
        (top ? ` (seq ${top.seq}), not by the user` : ', not by the user'),
      evidence: canonicalJson({ score: verdict.score, origin: verdict.origin, sources: verdict.sources.slice(0, 3) }),
      session_id: request.session_id,
      call_id: verdict.callId,
      raised_at: toClickHouseTime(request.time),
    });
  }
  return { tool_calls: [verdictRow(request, verdict)], provenance_edges: edges, findings };
}
