import 'reflect-metadata';
import { resolve } from 'node:path';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLedgerDatabase, runMigrations } from '@mcp-ledger/clickhouse';
import { ConfigError, databaseSettings, parseEnvConfig, ProjectorConfigSchema } from '@mcp-ledger/config';
import { readCheckpointKey, readPolicyFile } from '@mcp-ledger/ledger-core';
import { KafkaProjector } from '@mcp-ledger/projector';
import { ProjectorAppModule } from './projector-app.module';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * The projector process: the policy file and checkpoint key (if any), migrations (idempotent, safe from several replicas), then the
 * consumer group member, then a health endpoint. SIGTERM stops the consumer after its
 * batch in progress and commits what was stored.
 */
async function main(): Promise<void> {
  const config = parseEnvConfig(ProjectorConfigSchema, process.env);
  // Before anything connects: a bad policy file refuses the start, naming line and field.
  const policy = config.LEDGER_POLICY_FILE ? readPolicyFile(resolve(config.LEDGER_POLICY_FILE)) : undefined;
  const checkpointKey = config.LEDGER_CHECKPOINT_KEY_FILE ? readCheckpointKey(resolve(config.LEDGER_CHECKPOINT_KEY_FILE)) : undefined;
  const logger = new Logger('Projector');
  if (!checkpointKey) logger.warn('LEDGER_CHECKPOINT_KEY_FILE is not set: this projector writes no signed checkpoints (docs/integrity.md)');
  const database = createLedgerDatabase(databaseSettings(config, (path) => resolve(path)));
  if (config.LEDGER_MIGRATE) await runMigrations(database);
  const app = await NestFactory.create<NestFastifyApplication>(ProjectorAppModule.create(config, database, policy, checkpointKey), new FastifyAdapter(), {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.LEDGER_LOG_LEVEL) + 1),
  });
  app.enableShutdownHooks();
  await app.get(KafkaProjector).start();
  await app.listen(config.LEDGER_HEALTH_PORT, config.LEDGER_HEALTH_HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.LEDGER_HEALTH_PORT;
  logger.log(`${database.describe()}; health on http://${config.LEDGER_HEALTH_HOST}:${port}/healthz`);
  process.stdout.write(`projector ready: group ${config.LEDGER_KAFKA_GROUP_ID}, health http://${config.LEDGER_HEALTH_HOST}:${port}/healthz\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `mcp-ledger projector: ${(error as Error).stack ?? String(error)}`}\n`);
  process.exit(1);
});
