import { Query } from '@nestjs/cqrs';
import type { Caller } from '../common/caller';
import type { SortOrder, ToolCallFilter } from './tool-call-filter.input';
import type { ToolCallConnection } from './tool-call.model';

export class ListToolCallsQuery extends Query<ToolCallConnection> {
  constructor(
    readonly caller: Caller,
    readonly filter: ToolCallFilter,
    readonly first: number,
    readonly after: string | undefined,
    readonly order: SortOrder,
  ) {
    super();
  }
}
