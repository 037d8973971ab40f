import { Query } from '@nestjs/cqrs';
import type { Caller } from '../common/caller';
import type { ToolCallModel } from '../tool-calls/tool-call.model';
import type { ImpactedCallModel, ProvenanceSourceModel } from './provenance.model';

type CallKey = { sessionId: string; callId: string };

/** Backward edges of these calls, keyed by `callKey`. */
export class GetProvenanceSourcesQuery extends Query<Map<string, Omit<ProvenanceSourceModel, 'remainingDepth'>[]>> {
  constructor(
    readonly caller: Caller,
    readonly keys: readonly CallKey[],
  ) {
    super();
  }
}

/** The calls whose result events have these seqs in these sessions (who produced a source). */
export class GetCallsByResultSeqQuery extends Query<ToolCallModel[]> {
  constructor(
    readonly caller: Caller,
    readonly keys: readonly { sessionId: string; seq: number }[],
  ) {
    super();
  }
}

/** Forward traversal from a content hash, `depth` hops, at most `limit` calls. */
export class ContentImpactQuery extends Query<ImpactedCallModel[]> {
  constructor(
    readonly caller: Caller,
    readonly contentHash: string,
    readonly depth: number,
    readonly limit: number,
  ) {
    super();
  }
}
