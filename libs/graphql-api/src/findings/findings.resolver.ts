import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import type { RequestContext } from '../common/request-context';
import { SessionModel } from '../sessions/session.model';
import { GetToolCallsQuery } from '../tool-calls/get-tool-calls.query';
import { ToolCallModel } from '../tool-calls/tool-call.model';
import { FindingConnection, FindingFilter, FindingModel } from './finding.model';
import { ListFindingsQuery } from './list-findings.query';

@Resolver(() => FindingModel)
export class FindingsResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => FindingConnection, { description: 'Findings, newest first.' })
  findings(
    @Context() context: RequestContext,
    @Args('filter', { type: () => FindingFilter, nullable: true }) filter: FindingFilter | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<FindingConnection> {
    return this.queryBus.execute(new ListFindingsQuery(context.caller, filter ?? {}, first, after ?? undefined));
  }

  @ResolveField(() => SessionModel, { nullable: true })
  session(@Parent() finding: FindingModel, @Context() context: RequestContext): Promise<SessionModel | null> {
    return context.loaders.session.load(finding.sessionId);
  }

  @ResolveField(() => ToolCallModel, { nullable: true })
  async toolCall(@Parent() finding: FindingModel, @Context() context: RequestContext): Promise<ToolCallModel | null> {
    if (!finding.callId) return null;
    const [call] = await this.queryBus.execute(new GetToolCallsQuery(context.caller, [{ sessionId: finding.sessionId, callId: finding.callId }]));
    return call ?? null;
  }
}
