import { z } from 'zod';

const MiB = 1024 * 1024;

export const port = z.coerce
  .number({ error: 'expected a port number' })
  .int('expected a whole number')
  .min(0, 'expected a port from 1 to 65535 (or 0 for any free port)')
  .max(65535, 'expected a port from 1 to 65535 (or 0 for any free port)');

export const byteSize = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a size in bytes' })
    .int('expected a whole number of bytes')
    .positive('expected a positive size')
    .default(fallback);

/** Where the read models live: a ClickHouse server by URL, else the embedded engine. */
export const clickhouseFields = {
  LEDGER_DATA_DIR: z.string().min(1).default('.mcp-ledger/data'),
  LEDGER_CLICKHOUSE_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL of a ClickHouse server' }).optional(),
  LEDGER_CLICKHOUSE_USER: z.string().optional(),
  LEDGER_CLICKHOUSE_PASSWORD: z.string().optional(),
  LEDGER_CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a database name').optional(),
};

export const httpFields = {
  LEDGER_PORT: port.default(4000),
  LEDGER_HOST: z.string().min(1).default('127.0.0.1'),
};

export const runtimeFields = {
  LEDGER_ENV: z.enum(['development', 'production']).default('development'),
  LEDGER_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
};

export const ingestFields = {
  LEDGER_MAX_REQUEST_BYTES: byteSize(16 * MiB),
  LEDGER_MAX_EVENT_BYTES: byteSize(1 * MiB),
};

/** Comma-separated `host:port` list of Kafka bootstrap brokers. */
export const kafkaBrokers = z
  .string()
  .transform((text) => text.split(',').map((broker) => broker.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'expected host:port'))
      .min(1, 'expected at least one broker (host:port, comma-separated)'),
  );

export const kafkaFields = {
  LEDGER_KAFKA_BROKERS: kafkaBrokers,
  LEDGER_KAFKA_CLIENT_ID: z.string().min(1).default('mcp-ledger'),
};

export interface ClickHouseConfig {
  LEDGER_DATA_DIR: string;
  LEDGER_CLICKHOUSE_URL?: string;
  LEDGER_CLICKHOUSE_USER?: string;
  LEDGER_CLICKHOUSE_PASSWORD?: string;
  LEDGER_CLICKHOUSE_DATABASE?: string;
}

/** Settings for @mcp-ledger/clickhouse from any app config that has the ClickHouse fields. */
export function databaseSettings(config: ClickHouseConfig, resolvePath: (path: string) => string) {
  return {
    url: config.LEDGER_CLICKHOUSE_URL,
    username: config.LEDGER_CLICKHOUSE_USER,
    password: config.LEDGER_CLICKHOUSE_PASSWORD,
    database: config.LEDGER_CLICKHOUSE_DATABASE,
    dataDir: resolvePath(config.LEDGER_DATA_DIR),
  };
}
