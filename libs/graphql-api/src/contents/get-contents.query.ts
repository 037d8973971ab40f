import { Query } from '@nestjs/cqrs';
import type { Caller } from '../common/caller';
import type { ContentModel } from './content.model';

export class GetContentsQuery extends Query<ContentModel[]> {
  constructor(
    readonly caller: Caller,
    readonly hashes: readonly string[],
  ) {
    super();
  }
}
