import { Query } from '@nestjs/cqrs';
import type { Caller } from '../common/caller';
import type { ToolCallModel } from './tool-call.model';

/** Tool calls by (session id, call id); missing ones are absent from the answer. */
export class GetToolCallsQuery extends Query<ToolCallModel[]> {
  constructor(
    readonly caller: Caller,
    readonly keys: readonly { sessionId: string; callId: string }[],
  ) {
    super();
  }
}
