-- Tasks (source.task, docs/events.md): the task a host said its agent was working on. One
-- more partial column pair on the merged rows of 0002 and 0003: a tool call takes it from
-- its request event, a session from any event of its connection. NULL where an event says
-- nothing, so rows written before this migration, and replays, merge as before.
ALTER TABLE tool_calls
    ADD COLUMN IF NOT EXISTS task_id   SimpleAggregateFunction(any, Nullable(String)),
    ADD COLUMN IF NOT EXISTS task_name SimpleAggregateFunction(any, Nullable(String));

ALTER TABLE sessions
    ADD COLUMN IF NOT EXISTS task_id   SimpleAggregateFunction(any, Nullable(String)),
    ADD COLUMN IF NOT EXISTS task_name SimpleAggregateFunction(any, Nullable(String));
