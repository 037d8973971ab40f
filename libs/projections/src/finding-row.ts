/**
 * A row of the `findings` table (deploy/clickhouse/migrations/0006_provenance.sql): written
 * by the ledger's analysers, read by GraphQL, subscriptions and the OCSF mapping. Times are
 * ClickHouse text (`YYYY-MM-DD hh:mm:ss.sss`, UTC); `evidence` is JSON text; `call_id` is
 * empty for findings about a session or a definition rather than a call.
 */
export interface FindingRow {
  tenant: string;
  finding_id: string;
  kind: string;
  severity: string;
  summary: string;
  evidence: string;
  session_id: string;
  call_id: string;
  raised_at: string;
}
