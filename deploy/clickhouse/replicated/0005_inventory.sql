-- Replicated counterpart of deploy/clickhouse/migrations/0005_inventory.sql: the same statements with
-- ON CLUSTER and Replicated* engines. Apply before `mcp-ledger migrate` (see README.md).
-- Inventory: servers as they announced themselves, and every distinct tool definition
-- each server has listed. A definition's history is its rows ordered by first_seen_at.
CREATE TABLE IF NOT EXISTS mcp_servers ON CLUSTER '{cluster}'
(
    tenant           LowCardinality(String),
    server_name      String,
    server_version   String,
    protocol_version SimpleAggregateFunction(any, Nullable(String)),
    first_seen_at    SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen_at     SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant, server_name, server_version);

CREATE TABLE IF NOT EXISTS mcp_tools ON CLUSTER '{cluster}'
(
    tenant          LowCardinality(String),
    server_name     String,
    tool_name       String,
    definition_hash String,
    title           SimpleAggregateFunction(any, Nullable(String)),
    description     SimpleAggregateFunction(any, Nullable(String)),
    definition      SimpleAggregateFunction(any, String),
    first_seen_at   SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen_at    SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant, server_name, tool_name, definition_hash);
