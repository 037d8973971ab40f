-- Replicated counterpart of deploy/clickhouse/migrations/0003_sessions.sql: the same statements with
-- ON CLUSTER and Replicated* engines. Apply before `mcp-ledger migrate` (see README.md).
-- One row per session, merged from every event of it (see tool_calls for the pattern).
CREATE TABLE IF NOT EXISTS sessions ON CLUSTER '{cluster}'
(
    tenant           LowCardinality(String),
    session_id       String,
    external_id      SimpleAggregateFunction(any, Nullable(String)),
    mcp_session_id   SimpleAggregateFunction(any, Nullable(String)),
    protocol_version SimpleAggregateFunction(any, Nullable(String)),
    source_kind      SimpleAggregateFunction(any, Nullable(String)),
    side             SimpleAggregateFunction(any, Nullable(String)),
    host             SimpleAggregateFunction(any, Nullable(String)),
    agent            SimpleAggregateFunction(any, Nullable(String)),
    transport        SimpleAggregateFunction(any, Nullable(String)),
    client_name      SimpleAggregateFunction(any, Nullable(String)),
    client_version   SimpleAggregateFunction(any, Nullable(String)),
    server_name      SimpleAggregateFunction(any, Nullable(String)),
    server_version   SimpleAggregateFunction(any, Nullable(String)),
    first_event_at   SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_event_at    SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    ended_at         SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
    end_reason       SimpleAggregateFunction(any, Nullable(String)),
    max_seq          SimpleAggregateFunction(max, UInt64)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant, session_id);
