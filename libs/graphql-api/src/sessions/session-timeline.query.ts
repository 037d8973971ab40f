import { Query } from '@nestjs/cqrs';
import type { Caller } from '../common/caller';
import type { LedgerEventModel } from './session.model';

/** A session's events in order, from `afterSeq` (exclusive). */
export class SessionTimelineQuery extends Query<LedgerEventModel[]> {
  constructor(
    readonly caller: Caller,
    readonly sessionId: string,
    readonly first: number,
    readonly afterSeq: number | undefined,
  ) {
    super();
  }
}
