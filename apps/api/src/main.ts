import 'reflect-metadata';
import { resolve } from 'node:path';
import { type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLedgerDatabase } from '@mcp-ledger/clickhouse';
import { ApiConfigSchema, ConfigError, databaseSettings, parseEnvConfig } from '@mcp-ledger/config';
import { secureApp } from '@mcp-ledger/ledger-core';
import { ApiAppModule } from './api-app.module';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * The API process: reads the store; with LEDGER_KAFKA_BROKERS it also records approval
 * decisions (to Kafka, for the projectors) and serves subscriptions (from the OCSF topic).
 * The schema is the migrate job's (or the projector's) to apply.
 */
async function main(): Promise<void> {
  const config = parseEnvConfig(ApiConfigSchema, process.env);
  const database = createLedgerDatabase(databaseSettings(config, (path) => resolve(path)));
  const adapter = new FastifyAdapter();
  const app = await NestFactory.create<NestFastifyApplication>(ApiAppModule.create(config, database), adapter, {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.LEDGER_LOG_LEVEL) + 1),
  });
  app.enableShutdownHooks();
  const firstKey = await secureApp(app, adapter.getInstance(), config.LEDGER_BOOTSTRAP_TOKEN);
  if (firstKey?.kind === 'generated') {
    process.stdout.write(`No API key existed, so an admin key was generated. Shown once, stored hashed:\n  export LEDGER_TOKEN=${firstKey.token}\n`);
  }
  await app.listen(config.LEDGER_PORT, config.LEDGER_HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.LEDGER_PORT;
  const decisions = config.LEDGER_KAFKA_BROKERS
    ? `approval decisions to and subscriptions from Kafka at ${config.LEDGER_KAFKA_BROKERS.join(',')}`
    : 'read-only, no subscriptions';
  process.stdout.write(`api ready: GraphQL http://${config.LEDGER_HOST}:${port}/graphql (${decisions})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `mcp-ledger api: ${(error as Error).stack ?? String(error)}`}\n`);
  process.exit(1);
});
