-- Replicated counterpart of deploy/clickhouse/migrations/0006_provenance.sql: the same statements with
-- ON CLUSTER and Replicated* engines. Apply before `mcp-ledger migrate` (see README.md).
-- Provenance: which earlier content each tool call derives from (edges, with score and
-- human-readable evidence), the verdict per call, and the findings raised from it.

-- The verdict is one more partial row of tool_calls (see 0002): merged by the engine,
-- written by the provenance step, replay-safe.
ALTER TABLE tool_calls ON CLUSTER '{cluster}'
    ADD COLUMN IF NOT EXISTS origin              SimpleAggregateFunction(any, Nullable(String)),
    ADD COLUMN IF NOT EXISTS injection_suspected SimpleAggregateFunction(max, Nullable(UInt8)),
    ADD COLUMN IF NOT EXISTS injection_score     SimpleAggregateFunction(max, Nullable(Float64));

-- Backward edges: call → the content it derives from. Keyed for "what caused this call".
CREATE TABLE IF NOT EXISTS provenance_edges ON CLUSTER '{cluster}'
(
    tenant       LowCardinality(String),
    session_id   String,
    call_id      String,
    source_seq   UInt64,
    call_seq     UInt64,
    content_hash String,
    source_kind  LowCardinality(String),
    score        Float64,
    evidence     String CODEC(ZSTD(3))
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant, session_id, call_id, source_seq);

-- Forward edges: content → every call it influenced, across sessions. Keyed by content
-- hash, so the same bytes read in different sessions are one lookup ("impact").
CREATE TABLE IF NOT EXISTS provenance_edges_by_content ON CLUSTER '{cluster}'
(
    tenant       LowCardinality(String),
    content_hash String,
    session_id   String,
    call_id      String,
    source_seq   UInt64,
    call_seq     UInt64,
    score        Float64
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant, content_hash, session_id, call_id, source_seq);

CREATE MATERIALIZED VIEW IF NOT EXISTS provenance_edges_by_content_mv ON CLUSTER '{cluster}' TO provenance_edges_by_content AS
SELECT tenant, content_hash, session_id, call_id, source_seq, call_seq, score FROM provenance_edges;

-- content → session: every place a content item was seen (the same hash in many sessions).
CREATE TABLE IF NOT EXISTS content_occurrences ON CLUSTER '{cluster}'
(
    tenant       LowCardinality(String),
    content_hash String,
    session_id   String,
    seq          UInt64,
    kind         SimpleAggregateFunction(any, String)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant, content_hash, session_id, seq);

-- Findings read model (injection_suspected now; more kinds later). The id is derived from
-- what it is about, so re-raising the same finding on a replay replaces it.
CREATE TABLE IF NOT EXISTS findings ON CLUSTER '{cluster}'
(
    tenant     LowCardinality(String),
    finding_id String,
    kind       LowCardinality(String),
    severity   LowCardinality(String),
    summary    String,
    evidence   String CODEC(ZSTD(3)),
    session_id String,
    call_id    String,
    raised_at  DateTime64(3, 'UTC')
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant, finding_id);
