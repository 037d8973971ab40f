import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import type { RequestContext } from '../common/request-context';
import { AccessLogConnection, AccessLogEntryModel, AccessLogFilter } from './access-log.model';
import { ListAccessLogQuery } from './access-log.query';

@Resolver(() => AccessLogEntryModel)
export class AccessLogResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => AccessLogConnection, { description: "Who queried the ledger, newest first (admin; the caller's tenant)." })
  accessLog(
    @Context() context: RequestContext,
    @Args('filter', { type: () => AccessLogFilter, nullable: true }) filter: AccessLogFilter | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<AccessLogConnection> {
    return this.queryBus.execute(new ListAccessLogQuery(context.caller, filter ?? {}, first, after ?? undefined));
  }
}
