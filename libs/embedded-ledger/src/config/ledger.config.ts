import { resolve } from 'node:path';
import { z } from 'zod';
import {
  checkpointFields,
  authFields,
  clickhouseFields,
  databaseSettings as settingsOf,
  httpFields,
  ingestFields,
  kafkaBrokers,
  parseEnvConfig,
  runtimeFields,
} from '@mcp-ledger/config';

/**
 * Every setting of the ledger (`mcp-ledger up`), from `LEDGER_*` environment variables
 * (CLI flags override them). Parsed once at start; each bad value is reported by name.
 */
export const LedgerConfigSchema = z
  .object({
    ...httpFields,
    ...clickhouseFields,
    ...ingestFields,
    ...checkpointFields,
    ...runtimeFields,
    ...authFields,
    /** embedded: store events itself; gateway: validate, then produce to Kafka. */
    LEDGER_MODE: z.enum(['embedded', 'gateway']).default('embedded'),
    LEDGER_KAFKA_BROKERS: kafkaBrokers.optional(),
    LEDGER_KAFKA_CLIENT_ID: z.string().min(1).default('mcp-ledger-gateway'),
    /**
     * A policy file (YAML/JSON): calls from emitters that do not enforce are judged by it
     * after they ran (`policy_violation` findings). Read and validated at start.
     */
    LEDGER_POLICY_FILE: z.string().min(1).optional(),
  })
  .refine((c) => c.LEDGER_MAX_EVENT_BYTES <= c.LEDGER_MAX_REQUEST_BYTES, {
    path: ['LEDGER_MAX_EVENT_BYTES'],
    message: 'must not exceed LEDGER_MAX_REQUEST_BYTES',
  })
  .refine((c) => (c.LEDGER_JWT_ISSUER === undefined) === (c.LEDGER_JWKS === undefined), {
    path: ['LEDGER_JWKS'],
    message: 'JWTs need both LEDGER_JWT_ISSUER and LEDGER_JWKS (a JWKS file or URL)',
  })
  .refine((c) => c.LEDGER_MODE !== 'gateway' || c.LEDGER_BOOTSTRAP_TOKEN !== undefined || c.LEDGER_JWKS !== undefined, {
    path: ['LEDGER_BOOTSTRAP_TOKEN'],
    message: 'gateway mode keeps no key store: set LEDGER_BOOTSTRAP_TOKEN or LEDGER_JWT_ISSUER + LEDGER_JWKS',
  })
  .refine((c) => c.LEDGER_MODE !== 'gateway' || c.LEDGER_KAFKA_BROKERS !== undefined, {
    path: ['LEDGER_KAFKA_BROKERS'],
    message: 'gateway mode needs the Kafka brokers (host:port, comma-separated)',
  });

export type LedgerConfig = z.infer<typeof LedgerConfigSchema>;

export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  return parseEnvConfig(LedgerConfigSchema, env);
}

/** Database settings for @mcp-ledger/clickhouse; a relative data dir is taken from the cwd. */
export function databaseSettings(config: LedgerConfig) {
  return settingsOf(config, (path) => resolve(path));
}
