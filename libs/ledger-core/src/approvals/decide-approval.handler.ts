import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { LEDGER_DATABASE } from '../database/database.module';
import { RecordEventsCommand } from '../ingest/record-events.command';
import { ApprovalError } from './approval.error';
import { approvalStatus, findApproval, type ApprovalRecord, type TenantSelect } from './approvals.reader';
import { DecideApprovalCommand } from './decide-approval.command';
import { decisionEvent, KeyedLock } from './decision-event';

/**
 * One decision per approval: refused when the approval is unknown, already decided, or
 * (for a reviewer) past its expiry. Checked and written under a per-approval lock, and the
 * decision goes through the normal ingest path, so it is durable and projected before this
 * resolves. Across processes (several API replicas) the lock does not reach: the read side
 * then takes the first decision, and the proxy acts on that one only.
 */
@CommandHandler(DecideApprovalCommand)
export class DecideApprovalHandler implements ICommandHandler<DecideApprovalCommand, ApprovalRecord> {
  private readonly lock = new KeyedLock();

  constructor(
    @Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase,
    private readonly commandBus: CommandBus,
  ) {}

  execute({ input }: DecideApprovalCommand): Promise<ApprovalRecord> {
    return this.lock.run(`${input.tenant}\u0000${input.approvalId}`, async () => {
      const select: TenantSelect = (sql, params) => this.db.query(sql, { ...params, tenant: input.tenant });
      const approval = await findApproval(select, input.approvalId);
      if (!approval) throw new ApprovalError('not_found', `no approval ${JSON.stringify(input.approvalId)} in this tenant`);
      if (approval.decision) {
        throw new ApprovalError('already_decided', `approval ${input.approvalId} was already decided: ${approval.decision.decision} by ${approval.decision.reviewer ?? 'unknown'} at ${approval.decision.decidedAt}`);
      }
      if (input.decision !== 'expired' && approvalStatus(approval) === 'EXPIRED') {
        throw new ApprovalError('expired', `approval ${input.approvalId} expired at ${approval.expiresAt}; the proxy has refused the call`);
      }
      const data = {
        approval_id: approval.approvalId,
        call_hash: approval.callHash,
        decision: input.decision,
        reviewer: input.reviewer.name === undefined ? { id: input.reviewer.id } : { id: input.reviewer.id, name: input.reviewer.name },
        ...(input.comment !== undefined && input.comment !== '' ? { comment: input.comment.slice(0, 4096) } : {}),
        subject: 'tool_call' as const,
        ...(approval.serverName !== null ? { 'mcp.server.name': approval.serverName } : {}),
        'gen_ai.tool.name': approval.toolName,
      };
      await this.commandBus.execute(new RecordEventsCommand([decisionEvent(input.tenant, data)]));
      const decided = await findApproval(select, input.approvalId);
      if (!decided) throw new Error(`approval ${input.approvalId} vanished after its decision was stored`);
      return decided;
    });
  }
}
