import { Context, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import type { RequestContext } from '../common/request-context';
import { ListServersQuery } from './list-servers.query';
import { ServerModel } from './server.model';

@Resolver(() => ServerModel)
export class ServersResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => [ServerModel], { description: 'Every MCP server seen, with its tools and their definition history.' })
  servers(@Context() context: RequestContext): Promise<ServerModel[]> {
    return this.queryBus.execute(new ListServersQuery(context.caller));
  }
}
