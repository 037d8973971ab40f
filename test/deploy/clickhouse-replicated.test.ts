/**
 * deploy/clickhouse/replicated/ must stay the cluster twin of deploy/clickhouse/migrations/:
 * one file per migration, the same statements except `ON CLUSTER '{cluster}'` and the
 * Replicated* engine, each statement accepted by the ClickHouse parser, and a replicated
 * schema_migrations with exactly the columns the migration runner creates.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLedgerDatabase,
  defaultMigrationsDir,
  readMigrationFiles,
  runMigrations,
  splitStatements,
  type LedgerDatabase,
} from '@mcp-ledger/clickhouse';

const REPLICATED_DIR = join(__dirname, '..', '..', 'deploy', 'clickhouse', 'replicated');
const ON_CLUSTER = / ON CLUSTER '\{cluster\}'/g;
/** The Replicated* engine with its two path arguments, then any arguments of the engine itself (a version column). */
const REPLICATED_ENGINE = /ENGINE = Replicated(\w*MergeTree)\('\/clickhouse\/tables\/\{shard\}\/\{database\}\/\{table\}', '\{replica\}'(?:, ([^)]*))?\)/g;

/** Statement text without comments and with whitespace collapsed. */
const normalise = (statement: string) =>
  statement
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();

/** What a replicated statement is on one node. */
const singleNode = (statement: string) => normalise(statement).replace(ON_CLUSTER, '').replace(REPLICATED_ENGINE, (_match, engine: string, args?: string) => `ENGINE = ${engine}${args ? `(${args})` : ''}`);

const originals = readMigrationFiles(defaultMigrationsDir());
const replicated = readMigrationFiles(REPLICATED_DIR);

describe('deploy/clickhouse/replicated', () => {
  it('has a counterpart for every migration, and only the runner-history file besides', () => {
    expect(replicated.map((f) => f.name)).toEqual(['0000_schema_migrations.sql', ...originals.map((f) => f.name)]);
  });

  it.each(originals.map((file) => [file.name, file] as const))('%s: same statements, with ON CLUSTER and Replicated* engines', (name, original) => {
    const twin = replicated.find((f) => f.name === name)!;
    expect(twin.statements.map(singleNode)).toEqual(original.statements.map(normalise));
    for (const statement of twin.statements.map(normalise)) {
      if (/^(CREATE|ALTER|DROP|RENAME)\b/.test(statement)) expect(statement, statement.slice(0, 80)).toMatch(ON_CLUSTER);
      if (/\bENGINE = /.test(statement)) expect(statement, statement.slice(0, 80)).toMatch(/ENGINE = Replicated\w*MergeTree\(/);
    }
  });

  describe('against the ClickHouse engine', () => {
    let dataDir: string;
    let db: LedgerDatabase;
    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'ledger-replicated-'));
      db = createLedgerDatabase({ dataDir });
    });
    afterAll(async () => {
      await db?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('parses every replicated statement', async () => {
      for (const file of replicated) {
        for (const statement of file.statements) {
          await expect(db.query(`EXPLAIN AST ${statement}`), `${file.name}: ${normalise(statement).slice(0, 80)}`).resolves.toBeDefined();
        }
      }
    });

    it("gives schema_migrations exactly the runner's columns", async () => {
      await runMigrations(db);
      const columns = (table: string) =>
        db.query<{ name: string; type: string }>(
          'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {table:String} ORDER BY position',
          { table },
        );
      const [statement] = splitStatements(readFileSync(join(REPLICATED_DIR, '0000_schema_migrations.sql'), 'utf8'));
      await db.command(singleNode(statement!).replace('CREATE TABLE IF NOT EXISTS schema_migrations', 'CREATE TABLE schema_migrations_replicated_twin'));
      expect(await columns('schema_migrations_replicated_twin')).toEqual(await columns('schema_migrations'));
    });
  });
});
