import { EventTask } from '@mcp-ledger/events';

/** The task a host is working on, as given to the emitter (`source.task` of every event). */
export interface TaskOption {
  /** Grouping key: letters, digits and . _ : @ - (≤ 128), like tenants and session ids. */
  id: string;
  /** A label for people; clipped to 255 characters. */
  name?: string;
}

/** A task option the ingest would refuse: thrown when the emitter or a session is set up, never on the call path. */
export class TaskOptionError extends Error {
  override readonly name = 'TaskOptionError';
}

/**
 * Checks a task option once, at setup: an id the envelope refuses would have every event
 * of the session rejected at ingest, so it fails here, naming the field.
 */
export function checkedTask(task: TaskOption | undefined, where: string): EventTask | undefined {
  if (task === undefined) return undefined;
  const candidate = typeof task.name === 'string' ? { id: task.id, name: task.name.slice(0, 255) } : { id: task.id };
  const parsed = EventTask.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TaskOptionError(`${where}.${issue?.path.join('.') || 'id'} ${JSON.stringify(task.id)}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
