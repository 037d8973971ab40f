import { Query } from '@nestjs/cqrs';
import type { Caller } from '../common/caller';
import type { AgentModel } from './agent.model';

export class ListAgentsQuery extends Query<AgentModel[]> {
  constructor(readonly caller: Caller) {
    super();
  }
}
