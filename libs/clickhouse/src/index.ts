/**
 * @mcp-ledger/clickhouse — the only door to ClickHouse: a small `LedgerDatabase`
 * (parameterised query, bulk insert, command) over a ClickHouse server or the embedded
 * chdb engine, and the migration runner for deploy/clickhouse/migrations.
 *
 * @example
 * const db = createLedgerDatabase({ url: process.env.LEDGER_CLICKHOUSE_URL, dataDir: '.ledger/data' });
 * await runMigrations(db);
 */
export { ClickHouseError, toClickHouseError } from './clickhouse-error';
export { createLedgerDatabase, type LedgerDatabase, type LedgerDatabaseSettings } from './ledger-database';
export {
  defaultMigrationsDir,
  MigrationError,
  readMigrationFiles,
  splitStatements,
  type MigrationErrorCode,
  type MigrationFile,
} from './migration-files';
export { runMigrations, type MigrationsResult, type RunMigrationsOptions } from './migration-runner';
