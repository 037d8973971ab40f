-- Replicated counterpart of deploy/clickhouse/migrations/0001_events.sql: the same statements with
-- ON CLUSTER and Replicated* engines. Apply before `mcp-ledger migrate` (see README.md).
-- The event store: every accepted event once, immutable, as the canonical JSON it was
-- validated as (`payload`), so projections can be rebuilt and hash chains re-verified.
-- Sorted by (tenant, id): ids are UUIDv7, so this is also time order, and the dedup key.
-- ReplacingMergeTree makes a re-delivered event harmless even if two writers race past
-- the ingest's own "already stored?" check; readers use FINAL.
CREATE TABLE IF NOT EXISTS events ON CLUSTER '{cluster}'
(
    tenant      LowCardinality(String),
    id          String,
    type        LowCardinality(String),
    specversion LowCardinality(String),
    time        DateTime64(3, 'UTC'),
    session_id  String,
    seq         UInt64,
    source_kind LowCardinality(String),
    server_name String,
    prev_hash   String,
    hash        String,
    payload     String CODEC(ZSTD(3)),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_events_session session_id TYPE bloom_filter(0.001) GRANULARITY 1
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant, id);
