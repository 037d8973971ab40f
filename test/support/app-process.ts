import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ProjectorStatus } from '@mcp-ledger/projector';

const DIST = join(__dirname, '..', '..', 'dist', 'apps');
const PROJECTOR_MAIN = join(DIST, 'projector', 'src', 'main.js');
const API_MAIN = join(DIST, 'api', 'src', 'main.js');

/** A compiled app (dist/, built by the integration globalSetup) running as a real child process. */
export interface AppProcess {
  child: ChildProcess;
  /** Everything it printed (stdout and stderr), for a failing test's message. */
  output(): string;
  /** SIGKILL: no shutdown hooks, no offset commit, no flush — what a crash or an OOM kill does. */
  kill(): Promise<void>;
  /** SIGTERM (the orchestrator's stop), then waits for the exit; SIGKILL and an error after 30 s. */
  stop(): Promise<void>;
}

export interface ProjectorProcess extends AppProcess {
  healthUrl: string;
  /** GET /healthz: the counters of this process (they start at 0 in every process). */
  status(): Promise<ProjectorStatus>;
}

export interface ApiProcess extends AppProcess {
  /** Base URL: POST `${url}/graphql`. */
  url: string;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function exited(child: ChildProcess): Promise<void> {
  return hasExited(child) ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function startApp(
  name: string,
  main: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; output: () => string; match: RegExpExecArray } & Pick<AppProcess, 'kill' | 'stop'>> {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, LEDGER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not print its ready line in 60 s:\n${output}`));
    }, 60_000);
    const check = () => {
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    match,
    kill: async () => {
      if (!hasExited(child)) child.kill('SIGKILL');
      await exited(child);
    },
    stop: async () => {
      if (hasExited(child)) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        exited(child).then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 30_000))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        child.kill('SIGKILL');
        await exited(child);
        throw new Error(`${name} did not stop within 30 s of SIGTERM:\n${output}`);
      }
    },
  };
}

/**
 * Starts `node dist/apps/projector/src/main.js` (a consumer group member writing into the
 * embedded ClickHouse in `dataDir`) and waits for its ready line and a 200 from /healthz.
 * chdb: one process per data directory — stop it before anything else opens `dataDir`.
 */
export async function startProjectorProcess(options: {
  bootstrap: string;
  dataDir: string;
  groupId: string;
  env?: Record<string, string>;
}): Promise<ProjectorProcess> {
  const app = await startApp(
    'projector',
    PROJECTOR_MAIN,
    {
      LEDGER_KAFKA_BROKERS: options.bootstrap,
      LEDGER_DATA_DIR: options.dataDir,
      LEDGER_KAFKA_GROUP_ID: options.groupId,
      LEDGER_HEALTH_PORT: '0',
      ...options.env,
    },
    /projector ready: group \S+, health (http:\/\/\S+\/healthz)/,
  );
  const healthUrl = app.match[1]!;
  const status = async (): Promise<ProjectorStatus> => {
    const response = await fetch(healthUrl);
    const body = (await response.json()) as ProjectorStatus;
    if (response.status !== 200) throw new Error(`projector /healthz answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  };
  await status();
  return { child: app.child, output: app.output, kill: app.kill, stop: app.stop, healthUrl, status };
}

/**
 * Starts `node dist/apps/api/src/main.js` (the GraphQL read side) over the embedded
 * ClickHouse in `dataDir`, on a free port. No projector may have `dataDir` open meanwhile.
 */
export async function startApiProcess(options: { dataDir: string; env?: Record<string, string> }): Promise<ApiProcess> {
  const app = await startApp(
    'api',
    API_MAIN,
    { LEDGER_DATA_DIR: options.dataDir, LEDGER_PORT: '0', ...options.env },
    /api ready: GraphQL (http:\/\/\S+)\/graphql/,
  );
  const url = app.match[1]!;
  const health = await fetch(`${url}/healthz`);
  if (health.status !== 200) throw new Error(`api /healthz answered ${health.status}:\n${app.output()}`);
  return { child: app.child, output: app.output, kill: app.kill, stop: app.stop, url };
}
