-- Replicated counterpart of deploy/clickhouse/migrations/0004_contents.sql: the same statements with
-- ON CLUSTER and Replicated* engines. Apply before `mcp-ledger migrate` (see README.md).
-- Content addressed by the hash of its canonical (redacted) JSON: the same bytes read in
-- different sessions are one row, which is what provenance joins across sessions on.
CREATE TABLE IF NOT EXISTS contents ON CLUSTER '{cluster}'
(
    tenant        LowCardinality(String),
    hash          String,
    kind          SimpleAggregateFunction(any, String),
    mime_type     SimpleAggregateFunction(any, Nullable(String)),
    size_bytes    SimpleAggregateFunction(max, UInt64),
    truncated     SimpleAggregateFunction(max, UInt8),
    body          SimpleAggregateFunction(any, String) CODEC(ZSTD(3)),
    first_seen_at SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen_at  SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant, hash);
