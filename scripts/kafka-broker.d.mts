// Types for kafka-broker.mjs, so test/support/kafka-broker.ts is type-checked against it.
export declare const workspaceRoot: string;
export declare const KAFKA_POM: string;
export declare const DEFAULT_CACHE_DIR: string;

export declare class KafkaToolchainError extends Error {}

export interface EnsureKafkaJarsOptions {
  cacheDir?: string;
  log?: (line: string) => void;
}
export declare function ensureKafkaJars(options?: EnsureKafkaJarsOptions): Promise<string>;

export declare function freePort(): Promise<number>;
export declare function portIsFree(port: number): Promise<boolean>;
export declare function stopPid(
  pid: number,
  options?: { timeoutMs?: number; signal?: NodeJS.Signals },
): Promise<'not-running' | 'stopped' | 'killed'>;

export interface StartKafkaBrokerOptions {
  /** KRaft storage, config, ports and log; a fresh temp dir when omitted. */
  dataDir?: string;
  port?: number;
  controllerPort?: number;
  cacheDir?: string;
  /** Let the broker outlive this process (`kafka:up`). */
  detached?: boolean;
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningKafkaBroker {
  readonly bootstrap: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  readonly logFile: string;
  readonly pid: number | undefined;
  readonly startupMs: number;
  stop(timeoutMs?: number): Promise<void>;
  kill(): Promise<void>;
  /** Resolves with the time to ready, in ms. */
  restart(): Promise<number>;
  dispose(options?: { removeData?: boolean }): Promise<void>;
}

export declare function startKafkaBroker(options?: StartKafkaBrokerOptions): Promise<RunningKafkaBroker>;
