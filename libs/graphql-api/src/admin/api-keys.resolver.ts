import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { RequestContext } from '../common/request-context';
import { ApiKeyModel, CreateApiKeyInput, CreatedApiKeyModel } from './api-key.model';
import { CreateApiKeyCommand, ListApiKeysQuery, RevokeApiKeyCommand } from './api-keys.commands';

/** Key management for admins: `mcp-ledger keys` calls these. */
@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Query(() => [ApiKeyModel], { description: "API keys covering the caller's tenant (admin)." })
  apiKeys(@Context() context: RequestContext): Promise<ApiKeyModel[]> {
    return this.queryBus.execute(new ListApiKeysQuery(context.caller));
  }

  @Mutation(() => CreatedApiKeyModel, { description: 'Creates an API key (admin). The token is in this answer only.' })
  createApiKey(@Context() context: RequestContext, @Args('input') input: CreateApiKeyInput): Promise<CreatedApiKeyModel> {
    return this.commandBus.execute(new CreateApiKeyCommand(context.caller, input));
  }

  @Mutation(() => ApiKeyModel, { description: 'Revokes an API key (admin); it is refused from then on.' })
  revokeApiKey(@Context() context: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<ApiKeyModel> {
    return this.commandBus.execute(new RevokeApiKeyCommand(context.caller, id));
  }
}
