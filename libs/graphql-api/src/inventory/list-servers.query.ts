import { Query } from '@nestjs/cqrs';
import type { Caller } from '../common/caller';
import type { ServerModel } from './server.model';

export class ListServersQuery extends Query<ServerModel[]> {
  constructor(readonly caller: Caller) {
    super();
  }
}
