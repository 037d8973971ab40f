import { parseLedgerEvent, type LedgerEvent } from '@mcp-ledger/events';
import {
  PROJECTION_LAYOUTS,
  PROJECTION_TABLES,
  projectEvents,
  toEventRow,
  type ProjectionRows,
  type ProjectionTable,
} from '@mcp-ledger/projections';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerDatabase, type LedgerDatabase } from './ledger-database';
import { defaultMigrationsDir } from './migration-files';
import { runMigrations } from './migration-runner';

/**
 * The pure projections promise that the engine's merge of their partial rows equals the
 * golden rows whatever the batching; this spec holds the real engine to that promise.
 */
const root = mkdtempSync(join(tmpdir(), 'projection-replay-spec-'));
const golden = join(defaultMigrationsDir(), '..', '..', '..', 'test', 'fixtures', 'golden');
let db: LedgerDatabase;

const events: LedgerEvent[] = readFileSync(join(golden, 'basic-session.events.ndjson'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => {
    const result = parseLedgerEvent(JSON.parse(line));
    if (!result.ok) throw new Error(result.rejection.message);
    return result.event;
  });
const expected = JSON.parse(readFileSync(join(golden, 'basic-session.rows.json'), 'utf8')) as ProjectionRows & {
  events: Record<string, unknown>[];
};

function keyColumns(table: ProjectionTable): string[] {
  return Object.entries(PROJECTION_LAYOUTS[table])
    .filter(([, rule]) => rule === 'key')
    .map(([column]) => column);
}

/** 64-bit integers come back as strings (by design, see ledger-database.ts); rows carry numbers. */
function asInserted(rows: Record<string, unknown>[], like: readonly object[]): Record<string, unknown>[] {
  const numeric = new Set(
    like.flatMap((row) => Object.entries(row).filter(([, value]) => typeof value === 'number').map(([column]) => column)),
  );
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([column, value]) => [column, typeof value === 'string' && numeric.has(column) ? Number(value) : value]),
    ),
  );
}

async function insertProjection(rows: ProjectionRows): Promise<void> {
  for (const table of PROJECTION_TABLES) await db.insert(table, rows[table]);
}

beforeAll(async () => {
  db = createLedgerDatabase({ dataDir: join(root, 'store') });
  await runMigrations(db);
  const eventRows = events.map(toEventRow);
  // At-least-once delivery: the whole stream twice, then once more event by event, in
  // reverse (responses before requests), then in uneven batches.
  await db.insert('events', eventRows);
  await db.insert('events', eventRows.slice(3, 9));
  await insertProjection(projectEvents(events));
  for (const event of [...events].reverse()) await insertProjection(projectEvents([event]));
  for (let start = 0; start < events.length; start += 4) await insertProjection(projectEvents(events.slice(start, start + 4)));
  await insertProjection(projectEvents(events));
});

afterAll(async () => {
  await db.close();
  rmSync(root, { recursive: true, force: true });
});

describe('replaying the golden stream into ClickHouse', () => {
  it('stores each event once', async () => {
    const columns = Object.keys(expected.events[0] ?? {});
    const rows = await db.query<Record<string, unknown>>(
      `SELECT ${columns.join(', ')} FROM events FINAL WHERE tenant = {tenant:String} ORDER BY tenant, id`,
      { tenant: 'acme' },
    );
    expect(asInserted(rows, expected.events)).toEqual(expected.events);
  });

  it.each(PROJECTION_TABLES)('merges %s to exactly the golden rows', async (table) => {
    const columns = Object.keys(PROJECTION_LAYOUTS[table]);
    // Column names come from our own layout constants, never from input.
    const rows = await db.query<Record<string, unknown>>(
      `SELECT ${columns.join(', ')} FROM ${table} FINAL WHERE tenant = {tenant:String} ORDER BY ${keyColumns(table).join(', ')}`,
      { tenant: 'acme' },
    );
    expect(asInserted(rows, expected[table])).toEqual(expected[table]);
  });
});

describe('migrations and projections agree on the schema', () => {
  it.each(PROJECTION_TABLES)('%s has the columns, key and merge functions the projection assumes', async (table) => {
    const columns = await db.query<{ name: string; type: string }>(
      'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {table:String} ORDER BY position',
      { table },
    );
    const [info] = await db.query<{ sorting_key: string }>(
      'SELECT sorting_key FROM system.tables WHERE database = currentDatabase() AND name = {table:String}',
      { table },
    );
    const keys = (info?.sorting_key ?? '').split(',').map((key) => key.trim());
    const actual = Object.fromEntries(
      columns.map(({ name, type }) => [name, keys.includes(name) ? 'key' : (/^SimpleAggregateFunction\((\w+),/.exec(type)?.[1] ?? type)]),
    );
    expect(actual).toEqual(PROJECTION_LAYOUTS[table]);
    expect(keys).toEqual(keyColumns(table));
  });
});
