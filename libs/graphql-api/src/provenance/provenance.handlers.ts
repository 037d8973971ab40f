import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { badInput } from '../common/api-errors';
import { TenantReader } from '../common/tenant-reader';
import { GetToolCallsQuery } from '../tool-calls/get-tool-calls.query';
import type { ToolCallModel } from '../tool-calls/tool-call.model';
import { TOOL_CALL_COLUMNS, toToolCallModel, type ToolCallRecord } from '../tool-calls/tool-call.row';
import { ProvenanceEdgesReader } from './provenance-edges.reader';
import type { ImpactedCallModel } from './provenance.model';
import { ContentImpactQuery, GetCallsByResultSeqQuery, GetProvenanceSourcesQuery } from './provenance.queries';

/** Traversals are bounded so their cost is predictable whatever the graph looks like. */
export const MAX_PROVENANCE_DEPTH = 5;
export const MAX_IMPACT_CALLS = 1000;

export function checkDepth(depth: number): void {
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_PROVENANCE_DEPTH) {
    throw badInput(`depth must be between 1 and ${MAX_PROVENANCE_DEPTH}`);
  }
}

@QueryHandler(GetProvenanceSourcesQuery)
export class GetProvenanceSourcesHandler implements IQueryHandler<GetProvenanceSourcesQuery> {
  constructor(private readonly edges: ProvenanceEdgesReader) {}

  execute({ caller, keys }: GetProvenanceSourcesQuery) {
    return this.edges.sourcesOf(caller, keys);
  }
}

@QueryHandler(GetCallsByResultSeqQuery)
export class GetCallsByResultSeqHandler implements IQueryHandler<GetCallsByResultSeqQuery, ToolCallModel[]> {
  constructor(private readonly reader: TenantReader) {}

  async execute({ caller, keys }: GetCallsByResultSeqQuery): Promise<ToolCallModel[]> {
    if (keys.length === 0) return [];
    const rows = await this.reader.select<ToolCallRecord>(
      caller,
      `SELECT * FROM (
         SELECT ${TOOL_CALL_COLUMNS} FROM tool_calls FINAL
         WHERE tenant = {tenant:String} AND session_id IN {sessionIds:Array(String)}
       ) WHERE response_seq IN {seqs:Array(UInt64)}`,
      { sessionIds: [...new Set(keys.map((k) => k.sessionId))], seqs: [...new Set(keys.map((k) => k.seq))] },
    );
    const wanted = new Set(keys.map((k) => `${k.sessionId}\u0000${k.seq}`));
    return rows.map(toToolCallModel).filter((call) => wanted.has(`${call.sessionId}\u0000${call.responseSeq}`));
  }
}

/**
 * content → calls that derive from it (any session) → their results → calls that derive
 * from those … breadth first, one keyed query per hop, at most `limit` calls in all.
 */
@QueryHandler(ContentImpactQuery)
export class ContentImpactHandler implements IQueryHandler<ContentImpactQuery, ImpactedCallModel[]> {
  constructor(
    private readonly edges: ProvenanceEdgesReader,
    private readonly queryBus: QueryBus,
  ) {}

  async execute({ caller, contentHash, depth, limit }: ContentImpactQuery): Promise<ImpactedCallModel[]> {
    checkDepth(depth);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_IMPACT_CALLS) throw badInput(`first must be between 1 and ${MAX_IMPACT_CALLS}`);
    const impacted: ImpactedCallModel[] = [];
    const seenCalls = new Set<string>();
    const seenHashes = new Set([contentHash]);
    let frontier = [contentHash];
    for (let hop = 1; hop <= depth && frontier.length > 0 && impacted.length < limit; hop++) {
      const edges = await this.edges.callsDerivedFrom(caller, frontier, limit - impacted.length);
      const fresh = edges.filter((edge) => !seenCalls.has(`${edge.session_id}\u0000${edge.call_id}`));
      const calls = await this.queryBus.execute(
        new GetToolCallsQuery(caller, fresh.map((edge) => ({ sessionId: edge.session_id, callId: edge.call_id }))),
      );
      const byKey = new Map(calls.map((call) => [`${call.sessionId}\u0000${call.callId}`, call]));
      frontier = [];
      for (const edge of fresh) {
        const key = `${edge.session_id}\u0000${edge.call_id}`;
        const call = byKey.get(key);
        if (!call || seenCalls.has(key)) continue;
        seenCalls.add(key);
        impacted.push({ call, depth: hop, score: edge.score, viaContentHash: edge.content_hash });
        if (call.resultHash && !seenHashes.has(call.resultHash)) {
          seenHashes.add(call.resultHash);
          frontier.push(call.resultHash);
        }
      }
    }
    return impacted;
  }
}
