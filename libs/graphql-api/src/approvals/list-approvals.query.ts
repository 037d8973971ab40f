import { Query } from '@nestjs/cqrs';
import type { Caller } from '../common/caller';
import type { ApprovalFilter, ApprovalModel } from './approval.model';

/** Approvals newest first; `narrow` keeps those of these calls (ToolCall.approval) or with these ids. */
export class ListApprovalsQuery extends Query<ApprovalModel[]> {
  constructor(
    readonly caller: Caller,
    readonly filter: ApprovalFilter,
    readonly first: number,
    readonly narrow: { calls?: readonly { sessionId: string; callId: string }[]; ids?: readonly string[] } = {},
  ) {
    super();
  }
}
