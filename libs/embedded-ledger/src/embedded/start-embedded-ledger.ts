import { resolve } from 'node:path';
import { Logger, type DynamicModule, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLedgerDatabase, runMigrations, type LedgerDatabase } from '@mcp-ledger/clickhouse';
import { readPolicyFile, registerIngestBodyParsers, secureApp, type FirstAdminKey } from '@mcp-ledger/ledger-core';
import { embeddedCheckpointKey, readCheckpointKey, type CheckpointKey } from '@mcp-ledger/ledger-core';
import { databaseSettings, type LedgerConfig } from '../config/ledger.config';
import { EmbeddedLedgerModule, IngestGatewayModule } from './embedded-ledger.module';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export interface RunningLedger {
  app: NestFastifyApplication;
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  /** `generated`: the store had no key, so one was made; its token must be shown once (`mcp-ledger up` prints it). */
  firstAdminKey?: FirstAdminKey;
  close(): Promise<void>;
}

/** Opens the store and applies pending migrations before anything listens. */
async function openMigratedDatabase(config: LedgerConfig): Promise<LedgerDatabase> {
  const logger = new Logger('Ledger');
  const database = createLedgerDatabase(databaseSettings(config));
  try {
    const { applied } = await runMigrations(database, { onProgress: (name: string) => logger.log(`applied migration ${name}`) });
    if (applied.length === 0) logger.log('schema is up to date');
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** LEDGER_CHECKPOINT_KEY_FILE, else the key kept in (and generated once into) the data directory. */
function checkpointKey(config: LedgerConfig): CheckpointKey {
  if (config.LEDGER_CHECKPOINT_KEY_FILE) return readCheckpointKey(resolve(config.LEDGER_CHECKPOINT_KEY_FILE));
  const { key, path, created } = embeddedCheckpointKey(databaseSettings(config).dataDir);
  if (created) new Logger('Ledger').log(`generated the checkpoint signing key ${path}; its public key (${key.keyId}):\n${key.publicKeyPem}`);
  return key;
}

/**
 * Starts the ledger: in `embedded` mode ingest + projections + GraphQL over one store;
 * in `gateway` mode only the ingest, producing to Kafka. The port opens last, so
 * /healthz answering means ready. A LEDGER_POLICY_FILE is read and validated first: a
 * bad one refuses the start (ConfigError naming line and field) before the store opens.
 */
export async function startEmbeddedLedger(config: LedgerConfig): Promise<RunningLedger> {
  const policy = config.LEDGER_POLICY_FILE ? readPolicyFile(config.LEDGER_POLICY_FILE) : undefined;
  let root: DynamicModule;
  const brokers = config.LEDGER_KAFKA_BROKERS;
  if (config.LEDGER_MODE === 'gateway') {
    if (!brokers) throw new Error('gateway mode needs LEDGER_KAFKA_BROKERS');
    root = IngestGatewayModule.create({ ...config, LEDGER_KAFKA_BROKERS: brokers });
  } else {
    const key = checkpointKey(config);
    root = EmbeddedLedgerModule.create(config, await openMigratedDatabase(config), policy, key);
  }
  const adapter = new FastifyAdapter({ bodyLimit: config.LEDGER_MAX_REQUEST_BYTES });
  registerIngestBodyParsers(adapter.getInstance(), {
    maxRequestBytes: config.LEDGER_MAX_REQUEST_BYTES,
    maxEventBytes: config.LEDGER_MAX_EVENT_BYTES,
  });
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    // The ingest route decodes its own body; the parsers above cover every route.
    bodyParser: false,
    logger: LEVELS.slice(0, LEVELS.indexOf(config.LEDGER_LOG_LEVEL) + 1),
  });
  app.enableShutdownHooks();
  // Before listen: no route answers without its token check (route-rules.ts).
  const firstAdminKey = await secureApp(app, adapter.getInstance(), config.LEDGER_BOOTSTRAP_TOKEN);
  await app.listen(config.LEDGER_PORT, config.LEDGER_HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.LEDGER_PORT;
  const host = config.LEDGER_HOST.includes(':') ? `[${config.LEDGER_HOST}]` : config.LEDGER_HOST;
  return { app, url: `http://${host}:${port}`, firstAdminKey, close: () => app.close() };
}
