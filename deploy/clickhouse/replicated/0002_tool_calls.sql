-- Replicated counterpart of deploy/clickhouse/migrations/0002_tool_calls.sql: the same statements with
-- ON CLUSTER and Replicated* engines. Apply before `mcp-ledger migrate` (see README.md).
-- One row per tool call: request and outcome merged by the engine. Each event contributes
-- a partial row; SimpleAggregateFunction columns ignore NULLs when parts merge, so the
-- requested and completed halves combine in any order and a replayed event changes nothing.
-- outcome: 0 pending, 1 ok, 2 tool reported isError, 3 JSON-RPC error, 4 cancelled.
CREATE TABLE IF NOT EXISTS tool_calls ON CLUSTER '{cluster}'
(
    tenant               LowCardinality(String),
    session_id           String,
    call_id              String,
    request_id           SimpleAggregateFunction(any, Nullable(String)),
    server_name          SimpleAggregateFunction(any, Nullable(String)),
    agent                SimpleAggregateFunction(any, Nullable(String)),
    tool_name            SimpleAggregateFunction(any, Nullable(String)),
    tool_definition_hash SimpleAggregateFunction(any, Nullable(String)),
    arguments            SimpleAggregateFunction(any, Nullable(String)),
    arguments_hash       SimpleAggregateFunction(any, Nullable(String)),
    requested_at         SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    request_seq          SimpleAggregateFunction(min, Nullable(UInt64)),
    request_event_id     SimpleAggregateFunction(any, Nullable(String)),
    completed_at         SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
    response_seq         SimpleAggregateFunction(max, Nullable(UInt64)),
    response_event_id    SimpleAggregateFunction(any, Nullable(String)),
    outcome              SimpleAggregateFunction(max, UInt8),
    result_hash          SimpleAggregateFunction(any, Nullable(String)),
    error_code           SimpleAggregateFunction(any, Nullable(Int64)),
    error_message        SimpleAggregateFunction(any, Nullable(String)),
    duration_ms          SimpleAggregateFunction(max, Nullable(Float64))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant, session_id, call_id);
