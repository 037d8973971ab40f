import { z } from 'zod';
import { jwksLocation } from './jwks-location';

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

/** Signed checkpoints over the event store (docs/integrity.md). */
export const checkpointFields = {
  /**
   * The Ed25519 private key (PKCS#8 PEM) checkpoints are signed with. The embedded ledger
   * generates one into its data directory when unset; the projector writes none without it.
   */
  LEDGER_CHECKPOINT_KEY_FILE: z.string().min(1).optional(),
  /** Milliseconds between checkpoint rounds; 0: only when the process stops. */
  LEDGER_CHECKPOINT_INTERVAL_MS: z.coerce.number({ error: 'expected milliseconds' }).int('expected a whole number').min(0, 'expected 0 or more').default(60_000),
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

/** Who may call: the first admin key, JWT issuer settings and the per-token request budget. */
export const authFields = {
  /**
   * The first admin key, for automation: stored (hashed) at first start when the ledger has
   * no keys yet; ignored once keys exist. Without it a key is generated and printed once.
   */
  LEDGER_BOOTSTRAP_TOKEN: z.string().min(32, 'expected at least 32 characters (use a random secret)').optional(),
  /** Expected `iss` of JWTs; with LEDGER_JWKS, JWTs are accepted as tokens. */
  LEDGER_JWT_ISSUER: z.string().min(1).optional(),
  LEDGER_JWT_AUDIENCE: z.string().min(1).default('mcp-ledger'),
  /** The issuer's public keys: a JWKS file path or an https:// URL (see jwksLocation for what is refused). */
  LEDGER_JWKS: z
    .string()
    .min(1)
    .superRefine((value, context) => {
      const location = jwksLocation(value);
      if (location.kind === 'refused') context.addIssue({ code: 'custom', message: location.reason });
    })
    .optional(),
  /** Requests a minute per token on the read interfaces (GraphQL, export, integrity). */
  LEDGER_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'expected a number' }).int().positive().default(600),
  /** Largest estimated cost of one GraphQL operation (fields it could resolve); larger ones are refused unrun. */
  LEDGER_GRAPHQL_MAX_COST: z.coerce.number({ error: 'expected a number' }).int().positive().default(100_000),
};

export interface AuthConfig {
  LEDGER_BOOTSTRAP_TOKEN?: string;
  LEDGER_JWT_ISSUER?: string;
  LEDGER_JWT_AUDIENCE: string;
  LEDGER_JWKS?: string;
  LEDGER_RATE_LIMIT_PER_MINUTE: number;
  LEDGER_GRAPHQL_MAX_COST: number;
}

/** JWT settings when both the issuer and its keys are configured. */
export function jwtSettings(config: AuthConfig) {
  if (!config.LEDGER_JWT_ISSUER || !config.LEDGER_JWKS) return undefined;
  return { issuer: config.LEDGER_JWT_ISSUER, audience: config.LEDGER_JWT_AUDIENCE, jwks: config.LEDGER_JWKS };
}
