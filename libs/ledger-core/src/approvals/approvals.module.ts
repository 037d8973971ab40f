import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApprovalsController } from './approvals.controller';
import { ApproveToolDefinitionHandler } from './approve-tool-definition.handler';
import { DecideApprovalHandler } from './decide-approval.handler';

/**
 * Approvals on the write side: the proxy's REST endpoints and the decision commands the
 * GraphQL mutations dispatch. Needs DatabaseModule and an ingest that records to the
 * store (the embedded ledger): decisions are written through RecordEventsCommand.
 */
@Module({
  imports: [CqrsModule],
  controllers: [ApprovalsController],
  providers: [DecideApprovalHandler, ApproveToolDefinitionHandler],
})
export class ApprovalsModule {}
