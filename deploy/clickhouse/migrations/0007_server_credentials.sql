-- Standing access: the credentials each server was started with, by NAME only (names of
-- environment variables that hold credentials, OAuth scopes), never their values. One row
-- per (server, kind, name), so any batching merges to the same set.
CREATE TABLE IF NOT EXISTS mcp_server_credentials
(
    tenant        LowCardinality(String),
    server_name   String,
    kind          LowCardinality(String),
    name          String,
    first_seen_at SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen_at  SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (tenant, server_name, kind, name);
