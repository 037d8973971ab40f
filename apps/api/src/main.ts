import 'reflect-metadata';
import { resolve } from 'node:path';
import { type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLedgerDatabase } from '@mcp-ledger/clickhouse';
import { ApiConfigSchema, ConfigError, databaseSettings, parseEnvConfig } from '@mcp-ledger/config';
import { ApiAppModule } from './api-app.module';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The API process: read-only; the schema is the migrate job's (or the projector's) to apply. */
async function main(): Promise<void> {
  const config = parseEnvConfig(ApiConfigSchema, process.env);
  const database = createLedgerDatabase(databaseSettings(config, (path) => resolve(path)));
  const app = await NestFactory.create<NestFastifyApplication>(ApiAppModule.create(config, database), new FastifyAdapter(), {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.LEDGER_LOG_LEVEL) + 1),
  });
  app.enableShutdownHooks();
  await app.listen(config.LEDGER_PORT, config.LEDGER_HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.LEDGER_PORT;
  process.stdout.write(`api ready: GraphQL http://${config.LEDGER_HOST}:${port}/graphql\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `mcp-ledger api: ${(error as Error).stack ?? String(error)}`}\n`);
  process.exit(1);
});
