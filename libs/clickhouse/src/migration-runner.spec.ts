import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerDatabase, type LedgerDatabase } from './ledger-database';
import { defaultMigrationsDir, MigrationError, splitStatements } from './migration-files';
import { runMigrations } from './migration-runner';

// One chdb data directory per process (vitest forks one per spec file).
const root = mkdtempSync(join(tmpdir(), 'migration-runner-spec-'));
const shipped = defaultMigrationsDir();
let db: LedgerDatabase;
let copies = 0;

/** A private copy of the shipped migrations that a test may tamper with. */
function copyOfMigrations(): string {
  copies += 1;
  const dir = join(root, `migrations-${copies}`);
  mkdirSync(dir);
  for (const name of readdirSync(shipped)) copyFileSync(join(shipped, name), join(dir, name));
  return dir;
}

beforeAll(() => {
  db = createLedgerDatabase({ dataDir: join(root, 'store') });
});

afterAll(async () => {
  await db.close();
  rmSync(root, { recursive: true, force: true });
});

describe('runMigrations', () => {
  it('applies every shipped migration to an empty store, in order, recording checksums', async () => {
    const progress: string[] = [];
    const result = await runMigrations(db, { onProgress: (file) => progress.push(file) });
    const files = readdirSync(shipped).filter((name) => name.endsWith('.sql')).sort();
    expect(result).toEqual({ applied: files, skipped: 0 });
    expect(progress).toEqual(files);

    const tables = await db.query<{ name: string }>(
      'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
    );
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(['contents', 'events', 'mcp_servers', 'mcp_tools', 'schema_migrations', 'sessions', 'tool_calls']),
    );
    const recorded = await db.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations FINAL ORDER BY version',
    );
    expect(recorded.map((row) => row.name)).toEqual(files);
    for (const row of recorded) expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is a no-op when run again', async () => {
    const result = await runMigrations(db);
    expect(result.applied).toEqual([]);
    expect(result.skipped).toBe(readdirSync(shipped).filter((name) => name.endsWith('.sql')).length);
  });

  it('applies only the new file when one is added', async () => {
    const dir = copyOfMigrations();
    writeFileSync(join(dir, '0900_scratch.sql'), '-- test only\nCREATE TABLE IF NOT EXISTS scratch (id UInt8)\nENGINE = MergeTree ORDER BY id;\n');
    expect(await runMigrations(db, { dir })).toMatchObject({ applied: ['0900_scratch.sql'] });
    expect(await runMigrations(db, { dir })).toMatchObject({ applied: [] });
  });

  it('refuses to run when an applied file was edited, naming it', async () => {
    const dir = copyOfMigrations();
    appendFileSync(join(dir, '0002_tool_calls.sql'), '\n-- a harmless-looking edit\n');
    const error = await runMigrations(db, { dir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: 'checksum_mismatch', file: '0002_tool_calls.sql' });
  });

  it('refuses two files with the same number before applying anything', async () => {
    const dir = copyOfMigrations();
    writeFileSync(join(dir, '0999_second.sql'), 'CREATE TABLE IF NOT EXISTS never_a (id UInt8) ENGINE = MergeTree ORDER BY id;\n');
    writeFileSync(join(dir, '0999_first.sql'), 'CREATE TABLE IF NOT EXISTS never_b (id UInt8) ENGINE = MergeTree ORDER BY id;\n');
    await expect(runMigrations(db, { dir })).rejects.toMatchObject({ code: 'duplicate_version', file: '0999_second.sql' });
    expect(await db.query("SELECT name FROM system.tables WHERE name LIKE 'never_%'")).toEqual([]);
  });

  it('refuses a file whose name does not follow NNNN_name.sql', async () => {
    const dir = copyOfMigrations();
    writeFileSync(join(dir, '7_Hotfix.sql'), 'SELECT 1;\n');
    await expect(runMigrations(db, { dir })).rejects.toMatchObject({ code: 'invalid_file_name', file: '7_Hotfix.sql' });
  });

  it('refuses a new file numbered below one already applied', async () => {
    const dir = copyOfMigrations();
    writeFileSync(join(dir, '0900_scratch.sql'), '-- test only\nCREATE TABLE IF NOT EXISTS scratch (id UInt8)\nENGINE = MergeTree ORDER BY id;\n');
    writeFileSync(join(dir, '0800_late.sql'), 'CREATE TABLE IF NOT EXISTS late (id UInt8) ENGINE = MergeTree ORDER BY id;\n');
    await expect(runMigrations(db, { dir })).rejects.toMatchObject({ code: 'out_of_order', file: '0800_late.sql' });
  });

  it('names the file whose statement failed, and does not record it', async () => {
    const dir = copyOfMigrations();
    writeFileSync(join(dir, '0950_broken.sql'), 'CREATE TABLE broken (id UInt8) ENGINE = NoSuchEngine;\n');
    await expect(runMigrations(db, { dir })).rejects.toMatchObject({ code: 'statement_failed', file: '0950_broken.sql' });
    expect(await db.query('SELECT name FROM schema_migrations FINAL WHERE version = 950')).toEqual([]);
  });
});

describe('splitStatements', () => {
  it('splits on ; at the end of a line and drops comment-only chunks', () => {
    const sql = "-- header\n-- more\nCREATE TABLE a (x String DEFAULT ';') ENGINE = Log;\n\n-- between\nSELECT 1;  \n-- trailing note\n";
    expect(splitStatements(sql)).toEqual(["-- header\n-- more\nCREATE TABLE a (x String DEFAULT ';') ENGINE = Log", '-- between\nSELECT 1']);
  });
});
