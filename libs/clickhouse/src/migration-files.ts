import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `NNNN_name.sql`: the number orders and identifies a migration for ever. */
const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export type MigrationErrorCode =
  | 'invalid_file_name'
  | 'duplicate_version'
  | 'checksum_mismatch'
  | 'out_of_order'
  | 'statement_failed'
  | 'directory_not_found';

/** Why the runner refused to touch the schema, naming the file at fault. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';

  constructor(
    readonly code: MigrationErrorCode,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface MigrationFile {
  version: number;
  /** File name, e.g. `0002_tool_calls.sql`. */
  name: string;
  /** sha256 (hex) of the file's bytes. */
  checksum: string;
  statements: string[];
}

/**
 * Statements end with `;` at the end of a line; chunks holding only comments (a file's
 * header, a trailing note) are not statements.
 */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--')));
}

/**
 * Reads and validates every `.sql` file of the directory, ordered by version. Refuses the
 * whole set on a malformed name or a reused number, before anything is applied.
 */
export function readMigrationFiles(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new MigrationError('directory_not_found', dir, `migrations directory ${dir} does not exist`);
  const byVersion = new Map<number, MigrationFile>();
  for (const name of readdirSync(dir).filter((entry) => entry.endsWith('.sql')).sort()) {
    const match = MIGRATION_FILE.exec(name);
    if (!match) {
      throw new MigrationError('invalid_file_name', name, `migration file ${name} does not match NNNN_name.sql (lowercase, digits, _)`);
    }
    const version = Number(match[1]);
    const previous = byVersion.get(version);
    if (previous) {
      throw new MigrationError('duplicate_version', name, `migrations ${previous.name} and ${name} share the number ${match[1]}`);
    }
    const bytes = readFileSync(join(dir, name));
    byVersion.set(version, {
      version,
      name,
      checksum: createHash('sha256').update(bytes).digest('hex'),
      statements: splitStatements(bytes.toString('utf8')),
    });
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

/**
 * `deploy/clickhouse/migrations` of the repository or installed package, found by
 * walking up from this file, so it resolves from `src/` and from a compiled `dist/` tree.
 */
export function defaultMigrationsDir(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'deploy', 'clickhouse', 'migrations');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) {
      throw new MigrationError('directory_not_found', 'deploy/clickhouse/migrations', `no deploy/clickhouse/migrations above ${start}`);
    }
  }
}
