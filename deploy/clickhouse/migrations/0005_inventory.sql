-- Inventory: servers as they announced themselves, and every distinct tool definition
-- each server has listed. A definition's history is its rows ordered by first_seen_at.
CREATE TABLE IF NOT EXISTS mcp_servers
(
    tenant           LowCardinality(String),
    server_name      String,
    server_version   String,
    protocol_version SimpleAggregateFunction(any, Nullable(String)),
    first_seen_at    SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen_at     SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (tenant, server_name, server_version);

CREATE TABLE IF NOT EXISTS mcp_tools
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
ENGINE = AggregatingMergeTree
ORDER BY (tenant, server_name, tool_name, definition_hash);
