-- Replicated counterpart of deploy/clickhouse/migrations/0010_redaction.sql: the same statements with
-- ON CLUSTER and Replicated* engines. Apply before `mcp-ledger migrate` (see README.md).
-- Ledger-side redaction (ADR 0015): an event that reached the ledger with a secret in the
-- clear is stored with that secret masked, and keeps the emitter's hash and prev_hash so
-- the chain still links. This column records what the ledger changed, as canonical JSON
-- {by, version, stored_hash, redactions: [{path, detector, body_path?}]} (never a value),
-- and is '' for an event stored exactly as received. `mcp-ledger verify` checks such an
-- event's payload against `stored_hash` instead of `hash`.
ALTER TABLE events ON CLUSTER '{cluster}' ADD COLUMN IF NOT EXISTS ledger_redaction String DEFAULT '' CODEC(ZSTD(3));
