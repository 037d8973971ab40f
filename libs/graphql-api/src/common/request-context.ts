import DataLoader from 'dataloader';
import type { QueryBus } from '@nestjs/cqrs';
import { GetContentsQuery } from '../contents/get-contents.query';
import type { ContentModel } from '../contents/content.model';
import { callKey } from '../provenance/provenance-edges.reader';
import type { ProvenanceSourceModel } from '../provenance/provenance.model';
import { GetCallsByResultSeqQuery, GetProvenanceSourcesQuery } from '../provenance/provenance.queries';
import { GetSessionsQuery } from '../sessions/get-sessions.query';
import type { ToolCallModel } from '../tool-calls/tool-call.model';
import type { SessionModel } from '../sessions/session.model';
import type { Caller } from './caller';

/**
 * Per-request state of a GraphQL operation. The loaders batch the lookups a page of
 * results makes (500 calls → one sessions query, one contents query), keyed per request
 * so nothing is cached across callers.
 */
export interface RequestContext {
  caller: Caller;
  loaders: {
    session: DataLoader<string, SessionModel | null>;
    content: DataLoader<string, ContentModel | null>;
    /** Key: callKey(sessionId, callId). */
    provenanceSources: DataLoader<string, Omit<ProvenanceSourceModel, 'remainingDepth'>[]>;
    /** Key: `${sessionId}\u0000${seq}` of a result event. */
    callByResultSeq: DataLoader<string, ToolCallModel | null>;
  };
}

function byKey<T>(keys: readonly string[], items: T[], keyOf: (item: T) => string): (T | null)[] {
  const map = new Map(items.map((item) => [keyOf(item), item]));
  return keys.map((key) => map.get(key) ?? null);
}

export function createRequestContext(caller: Caller, queryBus: QueryBus): RequestContext {
  return {
    caller,
    loaders: {
      session: new DataLoader(async (ids) =>
        byKey(ids, await queryBus.execute(new GetSessionsQuery(caller, ids)), (s) => s.id),
      ),
      content: new DataLoader(async (hashes) =>
        byKey(hashes, await queryBus.execute(new GetContentsQuery(caller, hashes)), (c) => c.hash),
      ),
      provenanceSources: new DataLoader(async (keys) => {
        const parsed = keys.map((key) => {
          const [sessionId, callId] = key.split('\u0000');
          return { sessionId: sessionId!, callId: callId! };
        });
        const sources = await queryBus.execute(new GetProvenanceSourcesQuery(caller, parsed));
        return parsed.map((k) => sources.get(callKey(k.sessionId, k.callId)) ?? []);
      }),
      callByResultSeq: new DataLoader(async (keys) => {
        const parsed = keys.map((key) => {
          const [sessionId, seq] = key.split('\u0000');
          return { sessionId: sessionId!, seq: Number(seq) };
        });
        const calls = await queryBus.execute(new GetCallsByResultSeqQuery(caller, parsed));
        return byKey(keys, calls, (call) => `${call.sessionId}\u0000${call.responseSeq}`);
      }),
    },
  };
}
