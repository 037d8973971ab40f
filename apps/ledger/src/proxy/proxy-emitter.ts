import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerEmitter, HttpSink, type EmitterLogger, type LedgerEmitter } from '@mcp-ledger/emitter';

export interface ProxyEmitterOptions {
  /** Ledger base URL (events are POSTed to `${url}/v1/events`). */
  url: string;
  token?: string;
  tenant?: string;
  agent?: string;
  /** The proxied server's name: names the spool directory. */
  name: string;
  /** Base directory of spools (default `$XDG_CACHE_HOME` or `~/.cache` + `/mcp-ledger/spool`). */
  spoolBase?: string;
}

/** Diagnostics go to stderr only: stdout is the MCP channel in stdio mode. */
export const stderrLogger: EmitterLogger = {
  warn: (message) => process.stderr.write(`mcp-ledger proxy: ${message}\n`),
  error: (message) => process.stderr.write(`mcp-ledger proxy: ${message}\n`),
};

export function defaultSpoolBase(): string {
  const cache = process.env['XDG_CACHE_HOME'] || (homedir() ? join(homedir(), '.cache') : join(tmpdir(), 'mcp-ledger-cache'));
  return join(cache, 'mcp-ledger', 'spool');
}

/** Spool directory names keep to a safe alphabet whatever `--name` holds. */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'server';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A stable spool directory for this server name, so a restarted proxy delivers the backlog
 * of the previous run. Two proxies with the same name running at once (two hosts) must not
 * share one (segment names would collide): each takes the first slot `<name>`, `<name>.1`, …
 * whose lock file is absent or held by a dead process.
 */
export function claimSpoolDir(base: string, name: string): { dir: string; release: () => void } {
  mkdirSync(base, { recursive: true });
  for (let slot = 0; slot < 64; slot += 1) {
    const dir = join(base, slot === 0 ? safeName(name) : `${safeName(name)}.${slot}`);
    const lock = `${dir}.lock`;
    if (!takeLock(lock)) {
      const holder = Number.parseInt(readFileSafe(lock), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) continue;
      // Left by a proxy that died: take it over.
      rmSync(lock, { force: true });
      if (!takeLock(lock)) continue;
    }
    mkdirSync(dir, { recursive: true });
    return { dir, release: () => rmSync(lock, { force: true }) };
  }
  throw new Error(`no free spool slot for ${JSON.stringify(name)} under ${base}`);
}

function takeLock(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch {
    return false;
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function createProxyEmitter(options: ProxyEmitterOptions): { emitter: LedgerEmitter; spoolDir: string; release: () => void } {
  const spool = claimSpoolDir(options.spoolBase ?? defaultSpoolBase(), options.name);
  const emitter = createLedgerEmitter({
    sink: new HttpSink({ url: options.url, token: options.token }),
    kind: 'proxy',
    tenant: options.tenant,
    agent: options.agent,
    spoolDir: spool.dir,
    logger: stderrLogger,
  });
  return { emitter, spoolDir: spool.dir, release: spool.release };
}
