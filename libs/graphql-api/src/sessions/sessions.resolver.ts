import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import type { RequestContext } from '../common/request-context';
import { ListToolCallsQuery } from '../tool-calls/list-tool-calls.query';
import { SortOrder } from '../tool-calls/tool-call-filter.input';
import { ToolCallConnection } from '../tool-calls/tool-call.model';
import { LedgerEventModel, SessionModel } from './session.model';
import { SessionTimelineQuery } from './session-timeline.query';

@Resolver(() => SessionModel)
export class SessionsResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => SessionModel, { nullable: true, description: 'One session by id; null if there is none.' })
  session(@Context() context: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<SessionModel | null> {
    return context.loaders.session.load(id);
  }

  @ResolveField(() => [LedgerEventModel], { description: 'The session\'s events in order (by seq).' })
  timeline(
    @Parent() session: SessionModel,
    @Context() context: RequestContext,
    @Args('first', { type: () => Int, defaultValue: 500 }) first: number,
    @Args('afterSeq', { type: () => Int, nullable: true }) afterSeq: number | null,
  ): Promise<LedgerEventModel[]> {
    return this.queryBus.execute(new SessionTimelineQuery(context.caller, session.id, first, afterSeq ?? undefined));
  }

  @ResolveField(() => ToolCallConnection, { description: 'The session\'s tool calls in the order they were made.' })
  toolCalls(
    @Parent() session: SessionModel,
    @Context() context: RequestContext,
    @Args('first', { type: () => Int, defaultValue: 100 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<ToolCallConnection> {
    return this.queryBus.execute(
      new ListToolCallsQuery(context.caller, { sessionId: session.id }, first, after ?? undefined, SortOrder.ASC),
    );
  }
}
