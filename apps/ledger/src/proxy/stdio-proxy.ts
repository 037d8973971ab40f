import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { LedgerEmitter } from '@mcp-ledger/emitter';
import type { ForwardGate } from './forward-gate';
import { StdioRelay } from './stdio-relay';
import { serverEnvironment } from './credential-env';

export interface StdioProxyOptions {
  name: string;
  command: string;
  args: string[];
  emitter: LedgerEmitter;
  gate?: ForwardGate;
  /** Bound on delivering the last events at exit; the rest stays in the spool (default 3 s). */
  closeTimeoutMs?: number;
  log: (message: string) => void;
}

/** Exit code of a proxy whose child could not be started (shell conventions). */
function spawnFailureCode(error: NodeJS.ErrnoException): number {
  if (error.code === 'ENOENT') return 127;
  if (error.code === 'EACCES') return 126;
  return 1;
}

/**
 * Runs `command args…` as the MCP server and relays the host's stdio to it, recording
 * the exchange. Resolves with the exit code the proxy should exit with: the child's own,
 * 128 + signal number when the child was killed by a signal, 126/127 when it could not start.
 */
export function runStdioProxy(options: StdioProxyOptions): Promise<number> {
  const { emitter, log } = options;
  const session = emitter.record({ side: 'client', serverName: options.name, keepServerName: true, transport: 'stdio' });
  const child = spawn(options.command, options.args, { stdio: ['pipe', 'pipe', 'inherit'], env: serverEnvironment(process.env) });

  return new Promise<number>((resolve) => {
    let settled = false;
    const finish = async (code: number, endReason: 'closed' | 'error', error?: string): Promise<void> => {
      if (settled) return;
      settled = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.stdin.pause();
      session.close(endReason, error);
      try {
        await emitter.close({ timeoutMs: options.closeTimeoutMs ?? 3000 });
      } catch (closeError) {
        log(`closing the emitter failed: ${(closeError as Error).message}`);
      }
      const stats = emitter.stats();
      if (stats.spooled > stats.delivered || stats.dropped > 0) {
        log(`ledger events: ${stats.delivered} delivered, ${stats.spooled} spooled for the next run, ${stats.dropped} dropped`);
      }
      resolve(code);
    };

    let signalled: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals): void => {
      // A second signal means "now": the child gets SIGKILL.
      const next = signalled === undefined ? signal : 'SIGKILL';
      signalled = signal;
      if (child.exitCode === null && child.signalCode === null) child.kill(next);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) {
        log(`server process error: ${error.message}`);
        return;
      }
      log(`cannot start the server command ${JSON.stringify(options.command)}: ${error.code === 'ENOENT' ? 'command not found' : error.message}`);
      void finish(spawnFailureCode(error), 'error', `spawn ${options.command}: ${error.message}`);
    });

    child.once('spawn', () => {
      const relay = new StdioRelay({
        hostIn: process.stdin,
        hostOut: process.stdout,
        serverIn: child.stdin,
        serverOut: child.stdout,
        session,
        gate: options.gate,
        onDiagnostic: log,
      });
      // The host went away, or the child stopped reading: nothing to do but stop relaying.
      child.stdin.on('error', (error) => log(`writing to the server failed: ${error.message}`));
      process.stdout.on('error', (error) => {
        log(`writing to the host failed: ${error.message}; stopping the server`);
        child.kill('SIGTERM');
      });
      relay.start();

      // 'close': the child exited and its stdout is drained, so every byte was relayed.
      child.once('close', (code, signal) => {
        const { fromHost, fromServer } = relay.stats;
        const skipped = fromHost.nonJson + fromServer.nonJson + fromHost.oversized + fromServer.oversized;
        if (skipped > 0) {
          log(`not recorded: ${fromServer.nonJson} non-JSON line(s) from the server, ${fromHost.nonJson} from the host, ${fromServer.oversized + fromHost.oversized} oversized`);
        }
        const exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
        void finish(exitCode, 'closed');
      });
    });
  });
}
