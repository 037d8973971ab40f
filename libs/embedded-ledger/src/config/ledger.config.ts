import { resolve } from 'node:path';
import { z } from 'zod';

const MiB = 1024 * 1024;

const port = z.coerce
  .number({ error: 'expected a port number' })
  .int('expected a whole number')
  .min(0, 'expected a port from 1 to 65535 (or 0 for any free port)')
  .max(65535, 'expected a port from 1 to 65535 (or 0 for any free port)');

const bytes = (fallback: number) =>
  z.coerce.number({ error: 'expected a size in bytes' }).int('expected a whole number of bytes').positive('expected a positive size').default(fallback);

/**
 * Every setting of the ledger, from `LEDGER_*` environment variables (CLI flags override
 * them). Parsed once at start; each bad value is reported by name.
 */
export const LedgerConfigSchema = z
  .object({
    LEDGER_PORT: port.default(4000),
    LEDGER_HOST: z.string().min(1).default('127.0.0.1'),
    LEDGER_DATA_DIR: z.string().min(1).default('.mcp-ledger/data'),
    LEDGER_CLICKHOUSE_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL of a ClickHouse server' }).optional(),
    LEDGER_CLICKHOUSE_USER: z.string().optional(),
    LEDGER_CLICKHOUSE_PASSWORD: z.string().optional(),
    LEDGER_CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a database name').optional(),
    LEDGER_MAX_REQUEST_BYTES: bytes(16 * MiB),
    LEDGER_MAX_EVENT_BYTES: bytes(1 * MiB),
    LEDGER_ENV: z.enum(['development', 'production']).default('development'),
    LEDGER_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  })
  .refine((c) => c.LEDGER_MAX_EVENT_BYTES <= c.LEDGER_MAX_REQUEST_BYTES, {
    path: ['LEDGER_MAX_EVENT_BYTES'],
    message: 'must not exceed LEDGER_MAX_REQUEST_BYTES',
  });

export type LedgerConfig = z.infer<typeof LedgerConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Only LEDGER_* variables are read; an empty value counts as unset. */
export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const input = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key.startsWith('LEDGER_') && value !== undefined && value !== ''),
  );
  const parsed = LedgerConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = issue.path.join('.') || '(config)';
        const given = key in input ? ` (got ${JSON.stringify(key.includes('PASSWORD') ? '***' : input[key])})` : '';
        return `${key}: ${issue.message}${given}`;
      }),
    );
  }
  return parsed.data;
}

/** Database settings for @mcp-ledger/clickhouse. */
export function databaseSettings(config: LedgerConfig) {
  return {
    url: config.LEDGER_CLICKHOUSE_URL,
    username: config.LEDGER_CLICKHOUSE_USER,
    password: config.LEDGER_CLICKHOUSE_PASSWORD,
    database: config.LEDGER_CLICKHOUSE_DATABASE,
    dataDir: resolve(config.LEDGER_DATA_DIR),
  };
}
