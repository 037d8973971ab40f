import { Query } from '@nestjs/cqrs';
import type { Caller } from '../common/caller';
import type { FindingConnection, FindingFilter } from './finding.model';

export class ListFindingsQuery extends Query<FindingConnection> {
  constructor(
    readonly caller: Caller,
    readonly filter: FindingFilter,
    readonly first: number,
    readonly after: string | undefined,
  ) {
    super();
  }
}
