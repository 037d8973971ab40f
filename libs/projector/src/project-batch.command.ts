import { Command } from '@nestjs/cqrs';
import type { ConsumedMessage } from '@mcp-ledger/kafka';

export interface ProjectBatchResult {
  stored: number;
  duplicates: number;
  deadLettered: number;
}

/** Store one consumed batch (valid events) and dead-letter the rest; resolve when durable. */
export class ProjectBatchCommand extends Command<ProjectBatchResult> {
  constructor(readonly messages: readonly ConsumedMessage[]) {
    super();
  }
}
