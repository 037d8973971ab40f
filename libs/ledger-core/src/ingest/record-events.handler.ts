import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LedgerWriter, type WriteResult } from './ledger-writer';
import { RecordEventsCommand } from './record-events.command';

@CommandHandler(RecordEventsCommand)
export class RecordEventsHandler implements ICommandHandler<RecordEventsCommand, WriteResult> {
  constructor(private readonly writer: LedgerWriter) {}

  execute(command: RecordEventsCommand): Promise<WriteResult> {
    return this.writer.write(command.events);
  }
}
