import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { decodeKey } from '../common/cursor';
import type { RequestContext } from '../common/request-context';
import { ContentModel } from '../contents/content.model';
import { SessionModel } from '../sessions/session.model';
import { GetToolCallsQuery } from './get-tool-calls.query';
import { ListToolCallsQuery } from './list-tool-calls.query';
import { SortOrder, ToolCallFilter } from './tool-call-filter.input';
import { ToolCallConnection, ToolCallModel } from './tool-call.model';

@Resolver(() => ToolCallModel)
export class ToolCallsResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => ToolCallConnection, { description: 'Tool calls, newest first unless `order: ASC`, a page at a time.' })
  toolCalls(
    @Context() context: RequestContext,
    @Args('filter', { type: () => ToolCallFilter, nullable: true }) filter: ToolCallFilter | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('order', { type: () => SortOrder, defaultValue: SortOrder.DESC }) order: SortOrder,
  ): Promise<ToolCallConnection> {
    return this.queryBus.execute(new ListToolCallsQuery(context.caller, filter ?? {}, first, after ?? undefined, order));
  }

  @Query(() => ToolCallModel, { nullable: true, description: 'One tool call by its `id`; null if there is none.' })
  async toolCall(@Context() context: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<ToolCallModel | null> {
    const [sessionId, callId] = decodeKey(id, 2, 'tool call id');
    const [call] = await this.queryBus.execute(new GetToolCallsQuery(context.caller, [{ sessionId: sessionId!, callId: callId! }]));
    return call ?? null;
  }

  @ResolveField(() => SessionModel, { nullable: true })
  session(@Parent() call: ToolCallModel, @Context() context: RequestContext): Promise<SessionModel | null> {
    return context.loaders.session.load(call.sessionId);
  }

  @ResolveField(() => ContentModel, { nullable: true, description: 'The result content, when the tool answered.' })
  async result(@Parent() call: ToolCallModel, @Context() context: RequestContext): Promise<ContentModel | null> {
    return call.resultHash === null ? null : context.loaders.content.load(call.resultHash);
  }
}
