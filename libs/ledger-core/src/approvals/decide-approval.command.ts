import { Command } from '@nestjs/cqrs';
import type { ApprovalRecord } from './approvals.reader';

export interface Reviewer {
  /** The principal's subject (`key:<name>`, a JWT `sub`), or `system` for an expiry. */
  id: string;
  name?: string;
}

/**
 * Decide a held call: `approved` / `denied` by a reviewer (GraphQL `decideApproval`), or
 * `expired` by the proxy that gave up waiting. Resolves with the approval as decided.
 */
export class DecideApprovalCommand extends Command<ApprovalRecord> {
  constructor(
    readonly input: {
      tenant: string;
      approvalId: string;
      decision: 'approved' | 'denied' | 'expired';
      reviewer: Reviewer;
      comment?: string;
    },
  ) {
    super();
  }
}
