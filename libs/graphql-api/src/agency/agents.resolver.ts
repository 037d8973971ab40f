import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import type { RequestContext } from '../common/request-context';
import { AgentModel, AgentTaskModel } from './agent.model';
import { tasksOf } from './agency';
import { ListAgentsQuery } from './list-agents.query';

@Resolver(() => AgentModel)
export class AgentsResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => [AgentModel], { description: 'Per agent: the tools it was granted versus the tools it used, with their risk (excessive agency).' })
  agents(@Context() context: RequestContext): Promise<AgentModel[]> {
    return this.queryBus.execute(new ListAgentsQuery(context.caller));
  }

  @Query(() => [AgentTaskModel], {
    description:
      'Per task the host named (source.task): the tools granted versus the tools used, with their risk. ' +
      '`agent` narrows to one agent ("" for sessions that recorded no agent name).',
  })
  async tasks(@Context() context: RequestContext, @Args('agent', { type: () => String, nullable: true }) agent: string | null): Promise<AgentTaskModel[]> {
    // The same read as `agents`, narrowed: a task is reported within its agent.
    return tasksOf(await this.queryBus.execute(new ListAgentsQuery(context.caller)), agent);
  }
}
