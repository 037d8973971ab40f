import { Context, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import type { RequestContext } from '../common/request-context';
import { AgentModel } from './agent.model';
import { ListAgentsQuery } from './list-agents.query';

@Resolver(() => AgentModel)
export class AgentsResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => [AgentModel], { description: 'Per agent: the tools it was granted versus the tools it used, with their risk (excessive agency).' })
  agents(@Context() context: RequestContext): Promise<AgentModel[]> {
    return this.queryBus.execute(new ListAgentsQuery(context.caller));
  }
}
