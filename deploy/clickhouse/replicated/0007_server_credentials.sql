-- Replicated counterpart of deploy/clickhouse/migrations/0007_server_credentials.sql: the same statements with
-- ON CLUSTER and Replicated* engines. Apply before `mcp-ledger migrate` (see README.md).
-- Standing access: the credentials each server was started with, by NAME only (names of
-- environment variables that hold credentials, OAuth scopes), never their values. One row
-- per (server, kind, name), so any batching merges to the same set.
CREATE TABLE IF NOT EXISTS mcp_server_credentials ON CLUSTER '{cluster}'
(
    tenant        LowCardinality(String),
    server_name   String,
    kind          LowCardinality(String),
    name          String,
    first_seen_at SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen_at  SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant, server_name, kind, name);
