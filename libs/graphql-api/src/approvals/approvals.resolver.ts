import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus, CommandHandlerNotFoundException, QueryBus } from '@nestjs/cqrs';
import { requirePermission } from '@mcp-ledger/auth';
import { ApprovalError, ApproveToolDefinitionCommand, DecideApprovalCommand } from '@mcp-ledger/ledger-core';
import { ApiError } from '../common/api-errors';
import type { RequestContext } from '../common/request-context';
import { GetToolCallsQuery } from '../tool-calls/get-tool-calls.query';
import { ToolCallModel } from '../tool-calls/tool-call.model';
import { ApprovalDecision, ApprovalFilter, ApprovalModel, ApprovalStatus, MAX_APPROVALS, ToolDefinitionApprovalModel } from './approval.model';
import { ListApprovalsQuery } from './list-approvals.query';
import { toApprovalModel } from './list-approvals.handler';

/** A refused decision as the GraphQL error a caller can act on. */
function apiErrorOf(error: unknown): never {
  // apps/api without LEDGER_KAFKA_BROKERS has no write path: say so instead of failing obscurely.
  if (error instanceof CommandHandlerNotFoundException) {
    throw new ApiError('BAD_USER_INPUT', 'this API is read-only: decisions are recorded by the embedded ledger (mcp-ledger up) or by an API started with LEDGER_KAFKA_BROKERS');
  }
  if (!(error instanceof ApprovalError)) throw error;
  switch (error.code) {
    case 'not_found':
      throw new ApiError('NOT_FOUND', error.message);
    case 'already_decided':
    case 'expired':
    case 'invalid':
      throw new ApiError('BAD_USER_INPUT', error.message);
    case 'not_visible':
      // The decision is durable in Kafka but not projected yet: the message says not to decide again.
      throw new ApiError('UNAVAILABLE', error.message);
  }
}

@Resolver(() => ApprovalModel)
export class ApprovalsResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly commandBus: CommandBus,
  ) {}

  @Query(() => [ApprovalModel], { description: 'Held calls waiting for a reviewer, oldest first.' })
  async pendingApprovals(@Context() context: RequestContext): Promise<ApprovalModel[]> {
    const pending = await this.queryBus.execute(new ListApprovalsQuery(context.caller, { status: [ApprovalStatus.PENDING] }, MAX_APPROVALS));
    return pending.reverse();
  }

  @Query(() => [ApprovalModel], { description: 'Approvals, newest first, with the decision, reviewer, time and comment.' })
  approvals(
    @Context() context: RequestContext,
    @Args('filter', { type: () => ApprovalFilter, nullable: true }) filter: ApprovalFilter | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ): Promise<ApprovalModel[]> {
    return this.queryBus.execute(new ListApprovalsQuery(context.caller, filter ?? {}, first));
  }

  @Mutation(() => ApprovalModel, { description: 'Approve or reject a held call (approve permission). The decision is an event; the proxy then releases or refuses the call.' })
  async decideApproval(
    @Context() context: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('decision', { type: () => ApprovalDecision }) decision: ApprovalDecision,
    @Args('comment', { type: () => String, nullable: true }) comment: string | null,
  ): Promise<ApprovalModel> {
    const { principal, tenant } = context.caller;
    requirePermission(principal, 'approve');
    try {
      const decided = await this.commandBus.execute(
        new DecideApprovalCommand({
          tenant,
          approvalId: id,
          decision: decision === ApprovalDecision.APPROVE ? 'approved' : 'denied',
          reviewer: { id: principal.subject },
          ...(comment !== null ? { comment } : {}),
        }),
      );
      return toApprovalModel(decided);
    } catch (error) {
      return apiErrorOf(error);
    }
  }

  @Mutation(() => ToolDefinitionApprovalModel, { description: 'Approve a changed tool definition (admin): proxies pinning definitions let calls to the tool through again.' })
  async approveToolDefinition(
    @Context() context: RequestContext,
    @Args('server') server: string,
    @Args('tool') tool: string,
    @Args('definitionHash') definitionHash: string,
    @Args('comment', { type: () => String, nullable: true }) comment: string | null,
  ): Promise<ToolDefinitionApprovalModel> {
    const { principal, tenant } = context.caller;
    requirePermission(principal, 'admin');
    try {
      const approved = await this.commandBus.execute(
        new ApproveToolDefinitionCommand({ tenant, server, tool, definitionHash, reviewer: { id: principal.subject }, ...(comment !== null ? { comment } : {}) }),
      );
      return { serverName: approved.server, toolName: approved.tool, definitionHash: approved.definitionHash, reviewer: approved.reviewer, comment: approved.comment, approvedAt: new Date(approved.approvedAt) };
    } catch (error) {
      return apiErrorOf(error);
    }
  }

  @ResolveField(() => ToolCallModel, { nullable: true, description: 'The held call as recorded.' })
  async call(@Parent() approval: ApprovalModel, @Context() context: RequestContext): Promise<ToolCallModel | null> {
    const [call] = await this.queryBus.execute(new GetToolCallsQuery(context.caller, [{ sessionId: approval.sessionId, callId: approval.callId }]));
    return call ?? null;
  }
}

/** `ToolCall.approval`: who approved (or refused) a held call. */
@Resolver(() => ToolCallModel)
export class ToolCallApprovalResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @ResolveField(() => ApprovalModel, { nullable: true, description: 'The approval this call was held for, when a proxy held it.' })
  async approval(@Parent() call: ToolCallModel, @Context() context: RequestContext): Promise<ApprovalModel | null> {
    const [approval] = await this.queryBus.execute(new ListApprovalsQuery(context.caller, {}, 1, { calls: [{ sessionId: call.sessionId, callId: call.callId }] }));
    return approval ?? null;
  }
}
