import { createClient, type ClickHouseClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ClickHouseError, toClickHouseError } from './clickhouse-error';

export interface LedgerDatabaseSettings {
  /** ClickHouse server HTTP(S) URL; unset → the embedded engine (chdb) in `dataDir`. */
  url?: string;
  username?: string;
  password?: string;
  /** Server mode only; the embedded engine keeps one ledger per data directory. */
  database?: string;
  /** Embedded engine's data directory, created if missing. */
  dataDir: string;
  /** Embedded only: connections reserved for reads (each runs one query at a time). Default 3. */
  readConnections?: number;
}

/**
 * The ledger's view of ClickHouse: parameterised SQL in, plain JSON rows out, whichever
 * engine is behind it. Nothing outside this library sees @clickhouse/client or chdb.
 */
export interface LedgerDatabase {
  /** Runs a SELECT; `params` bind `{name:Type}` placeholders. Rows come as JSONEachRow objects. */
  query<T>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
  /** Bulk insert as JSONEachRow; nothing is sent for no rows. */
  insert(table: string, rows: readonly object[]): Promise<void>;
  /** DDL and other statements without a result. */
  command(sql: string, params?: Record<string, unknown>): Promise<void>;
  /** True when the engine answers; never throws. */
  ping(): Promise<boolean>;
  /** Closes every connection; the embedded data directory is released for this process. */
  close(): Promise<void>;
  /** Where the data lives, for logs and health checks (never a password). */
  describe(): string;
}

/**
 * Both engines must print the same JSON: 64-bit integers as strings (chdb would print
 * numbers, a server strings), and times accepted in ISO as well as ClickHouse form.
 * A JavaScript string may hold a lone UTF-16 surrogate, which JSON carries as `\ud800`;
 * by default ClickHouse refuses such a row, failing the whole insert (and every request
 * committed with it, on every retry): the escape is kept as text instead.
 */
const CLICKHOUSE_SETTINGS = {
  output_format_json_quote_64bit_integers: 1,
  date_time_input_format: 'best_effort',
  input_format_json_throw_on_bad_escape_sequence: 0,
} as const;

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;
const DEFAULT_READ_CONNECTIONS = 3;

/** chdb allows one data directory per process; remember ours to explain a conflict. */
const openEmbeddedPaths = new Map<string, number>();

function openEmbeddedClient(path: string): ClickHouseClient {
  const connection = createChdbConnection({ path });
  return createClient({
    // chdb re-exports client-common's Connection from its own copy of the package: same
    // shape, distinct declarations, hence the one cast (TOOLCHAIN.md pitfall 2).
    connection: connection as unknown as NonNullable<ClickHouseClientConfigOptions['connection']>,
    clickhouse_settings: CLICKHOUSE_SETTINGS,
  });
}

function openEmbedded(dataDir: string, readConnections: number): { writer: ClickHouseClient; readers: ClickHouseClient[] } {
  const path = resolve(dataDir);
  const other = [...openEmbeddedPaths.keys()].find((open) => open !== path);
  if (other !== undefined) {
    throw new ClickHouseError(
      `the embedded ClickHouse engine already has ${other} open in this process; cannot also open ${path} ` +
        '(chdb allows one data directory per process: close the other database first or use the same dataDir)',
      { retryable: false, code: 'CHDB_DATA_DIR_IN_USE' },
    );
  }
  mkdirSync(path, { recursive: true });
  const clients: ClickHouseClient[] = [];
  try {
    for (let i = 0; i <= readConnections; i += 1) clients.push(openEmbeddedClient(path));
  } catch (error) {
    void Promise.all(clients.map((client) => client.close()));
    throw toClickHouseError(error, `opening embedded ClickHouse at ${path}`);
  }
  openEmbeddedPaths.set(path, (openEmbeddedPaths.get(path) ?? 0) + 1);
  const [writer, ...readers] = clients as [ClickHouseClient, ...ClickHouseClient[]];
  return { writer, readers };
}

function releaseEmbedded(path: string): void {
  const count = (openEmbeddedPaths.get(path) ?? 1) - 1;
  if (count <= 0) openEmbeddedPaths.delete(path);
  else openEmbeddedPaths.set(path, count);
}

/** The server URL without credentials, with the database appended. */
function describeServer(url: string, database: string | undefined): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  const base = parsed.toString().replace(/\/$/, '');
  return `ClickHouse server at ${base}/${database ?? 'default'}`;
}

/** First line of the statement, to name the operation in errors without dumping SQL. */
function summarize(sql: string): string {
  const line = sql.trim().split('\n').find((text) => text.trim() && !text.trim().startsWith('--')) ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

class ClientLedgerDatabase implements LedgerDatabase {
  private readonly inFlight: Map<ClickHouseClient, number>;
  private closed = false;

  constructor(
    private readonly writer: ClickHouseClient,
    private readonly readers: readonly ClickHouseClient[],
    private readonly description: string,
    private readonly onClose: () => void,
  ) {
    this.inFlight = new Map([writer, ...readers].map((client) => [client, 0]));
  }

  /** The least busy reader: chdb serialises queries per connection, so spread them. */
  private pickReader(): ClickHouseClient {
    return this.leastBusy(this.readers.length > 0 ? this.readers : [this.writer]);
  }

  private leastBusy(clients: readonly ClickHouseClient[]): ClickHouseClient {
    let best = clients[0]!;
    for (const client of clients) if ((this.inFlight.get(client) ?? 0) < (this.inFlight.get(best) ?? 0)) best = client;
    return best;
  }

  private async tracked<T>(client: ClickHouseClient, work: (client: ClickHouseClient) => Promise<T>): Promise<T> {
    this.inFlight.set(client, (this.inFlight.get(client) ?? 0) + 1);
    try {
      return await work(client);
    } finally {
      this.inFlight.set(client, (this.inFlight.get(client) ?? 1) - 1);
    }
  }

  async query<T>(sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
    try {
      return await this.tracked(this.pickReader(), async (reader) => {
        const result = await reader.query({ query: sql, query_params: params, format: 'JSONEachRow' });
        return result.json<T>();
      });
    } catch (error) {
      throw toClickHouseError(error, `query failed (${summarize(sql)})`);
    }
  }

  async insert(table: string, rows: readonly object[]): Promise<void> {
    if (!TABLE_NAME.test(table)) {
      throw new ClickHouseError(`invalid table name ${JSON.stringify(table)}`, { retryable: false, code: 'INVALID_TABLE_NAME' });
    }
    if (rows.length === 0) return;
    try {
      // Any connection may insert: inserts into different tables then run side by side
      // (chdb serialises work per connection, not per data directory).
      await this.tracked(this.leastBusy([this.writer, ...this.readers]), (client) =>
        client.insert({ table, values: rows as object[], format: 'JSONEachRow' }),
      );
    } catch (error) {
      throw toClickHouseError(error, `insert into ${table} failed (${rows.length} rows)`);
    }
  }

  async command(sql: string, params: Record<string, unknown> = {}): Promise<void> {
    try {
      await this.writer.command({ query: sql, query_params: params });
    } catch (error) {
      throw toClickHouseError(error, `command failed (${summarize(sql)})`);
    }
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    const result = await this.writer.ping().catch(() => ({ success: false }));
    return result.success;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await Promise.all([...new Set([this.writer, ...this.readers])].map((client) => client.close()));
    } finally {
      this.onClose();
    }
  }

  describe(): string {
    return this.description;
  }
}

/**
 * Opens the ledger's database: a ClickHouse server when `url` is set, otherwise the
 * embedded engine in `dataDir` (one writer connection plus `readConnections` readers, all
 * on the same path). Same SQL either way.
 *
 * @example
 * const db = createLedgerDatabase({ dataDir: '.ledger/data' });
 * const rows = await db.query<{ n: string }>('SELECT count() AS n FROM events WHERE tenant = {tenant:String}', { tenant: 'acme' });
 * await db.close();
 */
export function createLedgerDatabase(settings: LedgerDatabaseSettings): LedgerDatabase {
  if (settings.url) {
    const client = createClient({
      url: settings.url,
      username: settings.username,
      password: settings.password,
      database: settings.database,
      clickhouse_settings: CLICKHOUSE_SETTINGS,
    });
    return new ClientLedgerDatabase(client, [client], describeServer(settings.url, settings.database), () => undefined);
  }
  const readConnections = Math.max(1, settings.readConnections ?? DEFAULT_READ_CONNECTIONS);
  const path = resolve(settings.dataDir);
  const { writer, readers } = openEmbedded(path, readConnections);
  return new ClientLedgerDatabase(writer, readers, `embedded chdb at ${path}`, () => releaseEmbedded(path));
}
