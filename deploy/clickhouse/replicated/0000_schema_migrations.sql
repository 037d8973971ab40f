-- The migration runner's own history table, replicated, created before the runner first
-- connects: `mcp-ledger migrate` (and every projector at start) then finds the replicated
-- tables already in place (their CREATE … IF NOT EXISTS are no-ops) and records each
-- version here, on every replica. Same columns as CREATE_SCHEMA_MIGRATIONS in
-- libs/clickhouse/src/migration-runner.ts.
CREATE TABLE IF NOT EXISTS schema_migrations ON CLUSTER '{cluster}'
(
    version    UInt32,
    name       String,
    checksum   String,
    applied_at DateTime64(3, 'UTC')
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY version;
