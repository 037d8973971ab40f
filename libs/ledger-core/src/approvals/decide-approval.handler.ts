import { Inject, Logger, Optional } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { LEDGER_DATABASE } from '../database/database.module';
import { RecordEventsCommand } from '../ingest/record-events.command';
import { ApprovalError } from './approval.error';
import { approvalStatus, findApproval, type ApprovalDecisionRecord, type ApprovalRecord, type TenantSelect } from './approvals.reader';
import { DecideApprovalCommand } from './decide-approval.command';
import { decisionEvent, KeyedLock } from './decision-event';
import { DECISION_VISIBILITY, notVisibleMessage, PROJECTED_ON_COMMIT, waitUntilProjected, type DecisionVisibility } from './decision-visibility';

const described = (decision: ApprovalDecisionRecord) => `${decision.decision} by ${decision.reviewer ?? 'unknown'} at ${decision.decidedAt}`;

/**
 * One decision per approval: refused when the approval is unknown, already decided, or
 * (for a reviewer) past its expiry. Checked and written under a per-approval lock; the
 * decision goes through the normal ingest path and this resolves only once the read model
 * shows it (at once on the embedded ledger; after a projector wrote it when the ingest
 * produces to Kafka). Across processes (several API replicas) the lock does not reach:
 * the read side takes the first decision, the proxy acts on that one only, and a caller
 * whose decision came second is refused as `already_decided`, naming the one that stands.
 */
@CommandHandler(DecideApprovalCommand)
export class DecideApprovalHandler implements ICommandHandler<DecideApprovalCommand, ApprovalRecord> {
  private readonly logger = new Logger(DecideApprovalHandler.name);
  private readonly lock = new KeyedLock();

  constructor(
    @Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase,
    private readonly commandBus: CommandBus,
    @Optional() @Inject(DECISION_VISIBILITY) private readonly visibility: DecisionVisibility = PROJECTED_ON_COMMIT,
  ) {}

  execute({ input }: DecideApprovalCommand): Promise<ApprovalRecord> {
    return this.lock.run(`${input.tenant}\u0000${input.approvalId}`, async () => {
      const select: TenantSelect = (sql, params) => this.db.query(sql, { ...params, tenant: input.tenant });
      const approval = await findApproval(select, input.approvalId);
      if (!approval) throw new ApprovalError('not_found', `no approval ${JSON.stringify(input.approvalId)} in this tenant`);
      if (approval.decision) {
        throw new ApprovalError('already_decided', `approval ${input.approvalId} was already decided: ${described(approval.decision)}`);
      }
      if (input.decision !== 'expired' && approvalStatus(approval) === 'EXPIRED') {
        throw new ApprovalError('expired', `approval ${input.approvalId} expired at ${approval.expiresAt}; the proxy has refused the call`);
      }
      const event = decisionEvent(input.tenant, {
        approval_id: approval.approvalId,
        call_hash: approval.callHash,
        decision: input.decision,
        reviewer: input.reviewer.name === undefined ? { id: input.reviewer.id } : { id: input.reviewer.id, name: input.reviewer.name },
        ...(input.comment !== undefined && input.comment !== '' ? { comment: input.comment.slice(0, 4096) } : {}),
        subject: 'tool_call' as const,
        ...(approval.serverName !== null ? { 'mcp.server.name': approval.serverName } : {}),
        'gen_ai.tool.name': approval.toolName,
      });
      await this.commandBus.execute(new RecordEventsCommand([event]));
      const visible = await waitUntilProjected(this.db, { tenant: input.tenant, approvalId: approval.approvalId, eventId: event.id }, this.visibility);
      if (!visible) throw new ApprovalError('not_visible', notVisibleMessage(`the ${input.decision} decision on approval ${input.approvalId} (event ${event.id})`, this.visibility));
      const decided = await findApproval(select, input.approvalId);
      if (!decided?.decision) throw new Error(`approval ${input.approvalId} has no decision although decision event ${event.id} is stored`);
      if (decided.decision.eventId !== event.id) {
        // Another process decided at the same time, and its decision is the earlier one.
        this.logger.warn(`approval ${input.approvalId}: decision ${event.id} (${input.decision} by ${input.reviewer.id}) came second to ${decided.decision.eventId}`);
        throw new ApprovalError(
          'already_decided',
          `approval ${input.approvalId} was already decided: ${described(decided.decision)} (decided at the same time elsewhere; your ${input.decision} came second and does not count)`,
        );
      }
      return decided;
    });
  }
}
