-- Replicated counterpart of deploy/clickhouse/migrations/0008_auth.sql: the same statements with
-- ON CLUSTER and Replicated* engines. Apply before `mcp-ledger migrate` (see README.md).
-- API keys: only the SHA-256 of each token is stored. A key row is replaced (never edited
-- in place) when it is revoked: the highest version wins, so a revocation survives replays.
CREATE TABLE IF NOT EXISTS api_keys ON CLUSTER '{cluster}'
(
    id          String,
    token_hash  String,
    name        String,
    roles       Array(LowCardinality(String)),
    tenants     Array(String),
    created_by  String,
    created_at  DateTime64(3, 'UTC'),
    revoked_at  Nullable(DateTime64(3, 'UTC')),
    revoked_by  String DEFAULT '',
    version     UInt64
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', version)
ORDER BY id;

-- The audit of the audit: who read or exported what, and what they were refused.
-- Requests refused before a tenant was known are logged under the tenant they asked for.
CREATE TABLE IF NOT EXISTS access_log ON CLUSTER '{cluster}'
(
    tenant       LowCardinality(String),
    at           DateTime64(3, 'UTC'),
    id           String,
    subject      String,
    token_id     String,
    roles        Array(LowCardinality(String)),
    interface    LowCardinality(String),
    method       LowCardinality(String),
    path         String,
    operation    String,
    query_sha256 String,
    query        String,
    variables    String,
    status       UInt16,
    outcome      LowCardinality(String),
    error_code   LowCardinality(String),
    duration_ms  UInt32,
    client_ip    String
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toYYYYMM(at)
ORDER BY (tenant, at, id);
