// eslint-disable-next-line @nx/enforce-module-boundaries -- scripts/ is no Nx project: the launcher is plain ESM so that `npm run kafka:up` needs no build; its types are in kafka-broker.d.mts.
import { startKafkaBroker as startBrokerProcess } from '../../scripts/kafka-broker.mjs';

/**
 * A real Apache Kafka broker (KRaft, one node) for integration suites, started from the
 * jars that deploy/local/kafka/pom.xml pins. One per test file, in `beforeAll`.
 *
 * Missing Java or Maven throws a `KafkaToolchainError` naming what to install: suites that
 * need Kafka fail, they never skip.
 *
 * @example
 * let kafka: KafkaBroker;
 * beforeAll(async () => { kafka = await startKafkaBroker(); });
 * afterAll(() => kafka?.dispose());
 */
export interface KafkaBroker {
  /** `127.0.0.1:<port>`; stays the same across `stop`/`kill` + `restart`. */
  readonly bootstrap: string;
  readonly dataDir: string;
  /** The broker's own output, for a failing test's message. */
  readonly logFile: string;
  /** SIGTERM, waits for a clean shutdown (SIGKILL after 30 s). */
  stop(): Promise<void>;
  /** SIGKILL: the next start recovers the log, which takes 12–14 s here. */
  kill(): Promise<void>;
  /** Starts again on the same ports and data (stops a running broker first). */
  restart(): Promise<void>;
  /** Stops the broker and deletes its data unless `dataDir` was given. */
  dispose(): Promise<void>;
}

export interface StartKafkaBrokerOptions {
  /** Where the KRaft storage lives; a fresh temp dir when omitted. */
  dataDir?: string;
}

export async function startKafkaBroker(options: StartKafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const broker = await startBrokerProcess({
    dataDir: options.dataDir,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  return {
    bootstrap: broker.bootstrap,
    dataDir: broker.dataDir,
    logFile: broker.logFile,
    stop: () => broker.stop(),
    kill: () => broker.kill(),
    restart: async () => {
      await broker.restart();
    },
    dispose: () => broker.dispose({ removeData: options.dataDir === undefined }),
  };
}
