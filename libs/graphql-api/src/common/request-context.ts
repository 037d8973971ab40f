import DataLoader from 'dataloader';
import type { QueryBus } from '@nestjs/cqrs';
import { GetContentsQuery } from '../contents/get-contents.query';
import type { ContentModel } from '../contents/content.model';
import { GetSessionsQuery } from '../sessions/get-sessions.query';
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
    },
  };
}
