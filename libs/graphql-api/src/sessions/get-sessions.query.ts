import { Query } from '@nestjs/cqrs';
import type { Caller } from '../common/caller';
import type { SessionModel } from './session.model';

export class GetSessionsQuery extends Query<SessionModel[]> {
  constructor(
    readonly caller: Caller,
    readonly sessionIds: readonly string[],
  ) {
    super();
  }
}
