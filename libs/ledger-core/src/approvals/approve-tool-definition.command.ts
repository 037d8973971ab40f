import { Command } from '@nestjs/cqrs';
import type { Reviewer } from './decide-approval.command';

export interface ToolDefinitionApproval {
  server: string;
  tool: string;
  definitionHash: string;
  reviewer: string;
  comment: string | null;
  /** ISO-8601. */
  approvedAt: string;
}

/** An admin approves one definition (by hash) of a tool of a server, for proxies that pin definitions. */
export class ApproveToolDefinitionCommand extends Command<ToolDefinitionApproval> {
  constructor(
    readonly input: { tenant: string; server: string; tool: string; definitionHash: string; reviewer: Reviewer; comment?: string },
  ) {
    super();
  }
}
