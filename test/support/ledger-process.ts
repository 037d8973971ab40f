import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'apps', 'ledger', 'bin', 'mcp-ledger.js');

export interface LedgerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown hooks, no flush — what a crash or OOM kill does. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts `mcp-ledger up` as a real child process on a free port and waits until ready. */
export async function startLedgerProcess(dataDir: string, env: Record<string, string> = {}): Promise<LedgerProcess> {
  const child = spawn(process.execPath, [CLI, 'up', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, LEDGER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ledger did not start in 60 s:\n${output}`)), 60_000);
    const check = () => {
      const match = /ingest\s+POST\s+(http:\/\/[^\s]+)\/v1\/events/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ledger exited with ${code} before it was ready:\n${output}`));
    });
  });
  const health = await fetch(`${url}/healthz`);
  if (health.status !== 200) throw new Error(`healthz answered ${health.status}`);
  return {
    url,
    child,
    output: () => output,
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
