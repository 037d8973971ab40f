import { Query } from '@nestjs/cqrs';
import type { Caller } from '../common/caller';
import type { AccessLogConnection, AccessLogFilter } from './access-log.model';

export class ListAccessLogQuery extends Query<AccessLogConnection> {
  constructor(
    readonly caller: Caller,
    readonly filter: AccessLogFilter,
    readonly first: number,
    readonly after: string | undefined,
  ) {
    super();
  }
}
