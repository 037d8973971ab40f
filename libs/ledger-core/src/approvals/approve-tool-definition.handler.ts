import { Inject, Optional } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { LEDGER_DATABASE } from '../database/database.module';
import { RecordEventsCommand } from '../ingest/record-events.command';
import { definitionApprovalId } from './approval-ids';
import { ApprovalError } from './approval.error';
import { ApproveToolDefinitionCommand, type ToolDefinitionApproval } from './approve-tool-definition.command';
import { decisionEvent, KeyedLock } from './decision-event';
import { DECISION_VISIBILITY, notVisibleMessage, PROJECTED_ON_COMMIT, waitUntilProjected, type DecisionVisibility } from './decision-visibility';
import { findDefinitionApproval } from './definition-approvals.reader';

/**
 * Records `approval.decided` (subject `tool_definition`) for a definition the ledger has
 * seen listed, and resolves once the read model shows it (see DecideApprovalHandler).
 * Approving the same definition twice is refused (the first approval stands, also when two
 * API replicas approve it at the same time).
 */
@CommandHandler(ApproveToolDefinitionCommand)
export class ApproveToolDefinitionHandler implements ICommandHandler<ApproveToolDefinitionCommand, ToolDefinitionApproval> {
  private readonly lock = new KeyedLock();

  constructor(
    @Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase,
    private readonly commandBus: CommandBus,
    @Optional() @Inject(DECISION_VISIBILITY) private readonly visibility: DecisionVisibility = PROJECTED_ON_COMMIT,
  ) {}

  execute({ input }: ApproveToolDefinitionCommand): Promise<ToolDefinitionApproval> {
    const approvalId = definitionApprovalId(input.server, input.tool, input.definitionHash);
    return this.lock.run(`${input.tenant}\u0000${approvalId}`, async () => {
      const [known] = await this.db.query<{ n: string | number }>(
        `SELECT count() AS n FROM mcp_tools
         WHERE tenant = {tenant:String} AND server_name = {server:String} AND tool_name = {tool:String} AND definition_hash = {hash:String}`,
        { tenant: input.tenant, server: input.server, tool: input.tool, hash: input.definitionHash },
      );
      if (!known || Number(known.n) === 0) {
        throw new ApprovalError('not_found', `no definition ${input.definitionHash} of tool ${input.tool} of server ${input.server} was ever listed in this tenant`);
      }
      const existing = await findDefinitionApproval(this.db, input);
      if (existing) throw new ApprovalError('already_decided', `this definition was already approved by ${existing.reviewer} at ${existing.approvedAt}`);
      const data = {
        approval_id: approvalId,
        call_hash: input.definitionHash,
        decision: 'approved' as const,
        reviewer: input.reviewer.name === undefined ? { id: input.reviewer.id } : { id: input.reviewer.id, name: input.reviewer.name },
        ...(input.comment !== undefined && input.comment !== '' ? { comment: input.comment.slice(0, 4096) } : {}),
        subject: 'tool_definition' as const,
        'mcp.server.name': input.server,
        'gen_ai.tool.name': input.tool,
      };
      const event = decisionEvent(input.tenant, data);
      await this.commandBus.execute(new RecordEventsCommand([event]));
      if (!(await waitUntilProjected(this.db, { tenant: input.tenant, approvalId, eventId: event.id }, this.visibility))) {
        throw new ApprovalError('not_visible', notVisibleMessage(`the approval of definition ${input.definitionHash} of ${input.server}/${input.tool} (event ${event.id})`, this.visibility));
      }
      const approved = await findDefinitionApproval(this.db, input);
      if (!approved) throw new Error(`the approval of ${input.definitionHash} vanished after it was stored`);
      return approved;
    });
  }
}
