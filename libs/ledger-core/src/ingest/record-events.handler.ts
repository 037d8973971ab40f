import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_RECORDER, type EventRecorder, type WriteResult } from './event-recorder';
import { RecordEventsCommand } from './record-events.command';

@CommandHandler(RecordEventsCommand)
export class RecordEventsHandler implements ICommandHandler<RecordEventsCommand, WriteResult> {
  constructor(@Inject(EVENT_RECORDER) private readonly recorder: EventRecorder) {}

  execute(command: RecordEventsCommand): Promise<WriteResult> {
    return this.recorder.record(command.events);
  }
}
