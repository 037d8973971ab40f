-- Replicated counterpart of deploy/clickhouse/migrations/0009_checkpoints.sql: the same statements with
-- ON CLUSTER and Replicated* engines. Apply before `mcp-ledger migrate` (see README.md).
-- Signed checkpoints over the event store (ADR 0014): per tenant, at intervals, the head
-- of every session (last contiguous seq, its hash, the event count), a digest of that
-- list, the previous checkpoint's digest and an Ed25519 signature over the canonical
-- `body`. `mcp-ledger verify` checks them against the `events` table, which finds
-- deleted sessions and deleted tails that the per-session hash chain alone cannot see.
-- The digest is the checkpoint's identity: rewriting the same checkpoint is harmless.
CREATE TABLE IF NOT EXISTS checkpoints ON CLUSTER '{cluster}'
(
    tenant       LowCardinality(String),
    digest       String,
    created_at   DateTime64(3, 'UTC'),
    previous     String,
    sessions     UInt64,
    events       UInt64,
    heads_digest String,
    key_id       LowCardinality(String),
    public_key   String,
    body         String,
    heads        String CODEC(ZSTD(3)),
    signature    String
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (tenant, created_at, digest);
