import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Logger, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { createLedgerDatabase, runMigrations, type LedgerDatabase } from '@mcp-ledger/clickhouse';
import { TOPICS } from '@mcp-ledger/events';
import { ensureTopics, loadTopicsFile, type KafkaLogger, type TopicsFile } from '@mcp-ledger/kafka';
import { DatabaseModule } from '@mcp-ledger/ledger-core';
import { KafkaProjector, ProjectorModule } from '@mcp-ledger/projector';
// eslint-disable-next-line @nx/enforce-module-boundaries -- scripts/ is no Nx project: the launcher is plain ESM so that `npm run kafka:up` needs no build; its types are in kafka-broker.d.mts.
import type * as KafkaBrokerScript from '../../scripts/kafka-broker.mjs';

/**
 * What the Kafka benchmarks share: one real broker (KRaft, one node, from the jars that
 * deploy/local/kafka/pom.xml pins), the declared topics, one embedded chdb engine (one
 * data directory per process), and one projector — the real `ProjectorModule` /
 * `KafkaProjector` in a Nest application context over that engine.
 */
export interface KafkaBenchEnv {
  bootstrap: string;
  db: LedgerDatabase;
  app: INestApplicationContext;
  projector: KafkaProjector;
  /** Declared topics, for benchmark-only topics built from the events topic's spec. */
  topics: TopicsFile;
  /** Quiet client logger: kafkajs's one-off "coordinator is loading" lines are expected. */
  logger: KafkaLogger & { lines: string[] };
  runId: string;
  close(): Promise<void>;
}

/** Walks up from this file (bench/support or dist/bench/support) to the workspace root. */
function workspaceRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'scripts', 'kafka-broker.mjs')) && existsSync(join(dir, 'deploy', 'kafka', 'topics.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`workspace root not found above ${__dirname}`);
  }
}

function quietLogger(): KafkaLogger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return { lines, debug: () => undefined, info: () => undefined, warn: record('warn'), error: record('error') };
}

export async function startKafkaBenchEnv(log: (line: string) => void): Promise<KafkaBenchEnv> {
  const root = workspaceRoot();
  // A runtime path, so the compiled bench (dist/bench) finds the plain-ESM launcher too;
  // Node 20.19+ loads an ES module through require().
  const script = (await import(join(root, 'scripts', 'kafka-broker.mjs'))) as typeof KafkaBrokerScript;
  const broker = await script.startKafkaBroker({ log });
  const logger = quietLogger();
  const dataDir = mkdtempSync(join(tmpdir(), 'mcp-ledger-bench-kafka-'));
  const runId = Date.now().toString(36);
  let app: INestApplicationContext | undefined;
  try {
    const topics = loadTopicsFile(join(root, 'deploy', 'kafka', 'topics.json'));
    await ensureTopics(broker.bootstrap, topics, { logger });
    const db = createLedgerDatabase({ dataDir });
    await runMigrations(db);

    @Module({})
    class KafkaBenchModule {
      static create(): DynamicModule {
        return {
          module: KafkaBenchModule,
          imports: [
            DatabaseModule.forRoot({ instance: db }),
            ProjectorModule.forRoot({
              kafka: { bootstrap: broker.bootstrap, clientId: `bench-projector-${runId}`, logger },
              groupId: `bench-projector-${runId}`,
              fromBeginning: true,
              maxEventBytes: 1024 * 1024,
            }),
          ],
        };
      }
    }
    Logger.overrideLogger(['fatal', 'error', 'warn']);
    app = await NestFactory.createApplicationContext(KafkaBenchModule.create(), { logger: ['fatal', 'error', 'warn'] });
    const projector = app.get(KafkaProjector);
    const context = app;
    return {
      bootstrap: broker.bootstrap,
      db,
      app: context,
      projector,
      topics,
      logger,
      runId,
      close: async () => {
        // Stops the projector and its DLQ producer, and closes the database (DatabaseModule).
        await context.close();
        await broker.dispose({ removeData: true });
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await broker.dispose({ removeData: true });
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A benchmark-only topic with the events topic's partitions and settings (so it never mixes with the projector's input). */
export async function ensureBenchTopic(env: KafkaBenchEnv, name: string): Promise<void> {
  const events = env.topics.topics.find((topic) => topic.name === TOPICS.events);
  if (!events) throw new Error(`${TOPICS.events} is not declared in deploy/kafka/topics.json`);
  await ensureTopics(env.bootstrap, { ...env.topics, topics: [{ ...events, name }] }, { logger: env.logger });
}

/** Polls until `done()` holds; throws with `describe()` after `timeoutMs`. */
export async function waitUntil(done: () => boolean, describe: () => string, timeoutMs = 120_000, pollMs = 2): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Stored events of a tenant, as a reader would see them. */
export async function storedCount(db: LedgerDatabase, tenant: string): Promise<number> {
  const [row] = await db.query<{ n: string }>('SELECT count() AS n FROM events FINAL WHERE tenant = {tenant:String}', { tenant });
  return Number(row?.n ?? 0);
}
