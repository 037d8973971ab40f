import type { LedgerDatabase } from './ledger-database';
import { defaultMigrationsDir, MigrationError, readMigrationFiles, type MigrationFile } from './migration-files';

export interface RunMigrationsOptions {
  /** Defaults to defaultMigrationsDir(). */
  dir?: string;
  /** Called with the file name (e.g. `0003_sessions.sql`) once that file is applied and recorded. */
  onProgress?: (file: string) => void;
}

export interface MigrationsResult {
  /** Files applied by this run, in order. */
  applied: string[];
  /** Files that were already applied. */
  skipped: number;
}

interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

// ReplacingMergeTree: two runners racing to record the same version leave one row.
const CREATE_SCHEMA_MIGRATIONS = `
CREATE TABLE IF NOT EXISTS schema_migrations
(
    version    UInt32,
    name       String,
    checksum   String,
    applied_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY version`;

/**
 * Refuses a history the files no longer describe: an applied file that was edited or
 * renamed, or a new file numbered below one already applied (two branches picked the same
 * slot). An applied version with no file is tolerated, so an older binary can still run
 * against a schema a newer one migrated.
 */
function checkHistory(files: readonly MigrationFile[], applied: ReadonlyMap<number, AppliedMigration>): void {
  const latest = Math.max(-1, ...applied.keys());
  for (const file of files) {
    const record = applied.get(file.version);
    if (!record) {
      if (file.version < latest) {
        throw new MigrationError('out_of_order', file.name, `migration ${file.name} is new but numbered below the applied version ${latest}; renumber it`);
      }
      continue;
    }
    if (record.checksum !== file.checksum || record.name !== file.name) {
      throw new MigrationError(
        'checksum_mismatch',
        file.name,
        `migration ${file.name} changed after it was applied (recorded ${record.name} sha256 ${record.checksum}, file has ${file.checksum}); ` +
          'applied migrations are immutable: add a new one instead',
      );
    }
  }
}

/**
 * Applies the pending numbered SQL files in order and records each with its checksum.
 * Idempotent: a second run applies nothing. A file is recorded only after all its
 * statements succeeded; the statements use IF NOT EXISTS so a file interrupted midway
 * can simply be applied again.
 *
 * @example
 * const { applied } = await runMigrations(db, { onProgress: (file) => log(`applied ${file}`) });
 */
export async function runMigrations(db: LedgerDatabase, options: RunMigrationsOptions = {}): Promise<MigrationsResult> {
  const files = readMigrationFiles(options.dir ?? defaultMigrationsDir());
  await db.command(CREATE_SCHEMA_MIGRATIONS);
  const records = await db.query<{ version: number; name: string; checksum: string }>(
    'SELECT version, name, checksum FROM schema_migrations FINAL ORDER BY version',
  );
  const applied = new Map(records.map((record) => [Number(record.version), { ...record, version: Number(record.version) }]));
  checkHistory(files, applied);

  const pending = files.filter((file) => !applied.has(file.version));
  const done: string[] = [];
  for (const file of pending) {
    for (const statement of file.statements) {
      try {
        await db.command(statement);
      } catch (error) {
        throw new MigrationError('statement_failed', file.name, `migration ${file.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    await db.insert('schema_migrations', [
      { version: file.version, name: file.name, checksum: file.checksum, applied_at: new Date().toISOString() },
    ]);
    done.push(file.name);
    options.onProgress?.(file.name);
  }
  return { applied: done, skipped: files.length - pending.length };
}
