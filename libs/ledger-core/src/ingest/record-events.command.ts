import { Command } from '@nestjs/cqrs';
import type { LedgerEvent } from '@mcp-ledger/events';
import type { WriteResult } from './event-recorder';

/** Store already validated events; resolves only when they are durable. */
export class RecordEventsCommand extends Command<WriteResult> {
  constructor(readonly events: readonly LedgerEvent[]) {
    super();
  }
}
