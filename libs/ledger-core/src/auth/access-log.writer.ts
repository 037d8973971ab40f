import { createHash, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';

/** One answered request, as the access log keeps it. */
export interface AccessEntry {
  tenant: string;
  subject: string;
  tokenId: string;
  roles: readonly string[];
  interface: string;
  method: string;
  path: string;
  operation: string;
  query: string;
  variables: unknown;
  status: number;
  errorCode: string;
  durationMs: number;
  clientIp: string;
}

const MAX_QUERY_CHARS = 4000;
const MAX_VARIABLES_CHARS = 2000;
const FLUSH_EVERY_MS = 1000;
const MAX_BUFFERED = 10_000;

/**
 * The audit of the audit: who read or exported what, and who was refused. Entries are
 * buffered and written once a second (never on the request's path); on shutdown the
 * buffer is flushed. A full buffer drops the oldest entries and says so in the log,
 * rather than slowing every investigation down.
 */
export class AccessLogWriter {
  private readonly logger = new Logger('AccessLog');
  private buffer: Record<string, unknown>[] = [];
  private dropped = 0;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: LedgerDatabase | undefined) {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  record(entry: AccessEntry): void {
    if (!this.db) return;
    const variables = entry.variables === undefined ? '' : JSON.stringify(entry.variables) ?? '';
    this.buffer.push({
      tenant: entry.tenant,
      at: new Date().toISOString().replace('T', ' ').replace('Z', ''),
      id: randomUUID(),
      subject: entry.subject,
      token_id: entry.tokenId,
      roles: entry.roles,
      interface: entry.interface,
      method: entry.method,
      path: entry.path.slice(0, 500),
      operation: entry.operation.slice(0, 200),
      query_sha256: entry.query ? createHash('sha256').update(entry.query).digest('hex') : '',
      query: entry.query.slice(0, MAX_QUERY_CHARS),
      variables: variables.slice(0, MAX_VARIABLES_CHARS),
      status: entry.status,
      outcome: entry.status < 400 ? 'ok' : entry.status === 401 || entry.status === 403 || entry.status === 429 ? 'refused' : 'error',
      error_code: entry.errorCode,
      duration_ms: Math.max(0, Math.round(entry.durationMs)),
      client_ip: entry.clientIp,
    });
    if (this.buffer.length > MAX_BUFFERED) {
      this.dropped += this.buffer.length - MAX_BUFFERED;
      this.buffer = this.buffer.slice(-MAX_BUFFERED);
    }
  }

  /** Writes what is buffered; resolves when it is stored (tests and shutdown wait on this). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (!this.db || this.buffer.length === 0) return;
      const batch = this.buffer;
      this.buffer = [];
      try {
        await this.db.insert('access_log', batch);
      } catch (error) {
        this.logger.error(`could not write ${batch.length} access log entries, will retry: ${(error as Error).message}`);
        this.buffer = [...batch, ...this.buffer].slice(-MAX_BUFFERED);
      }
      if (this.dropped > 0) {
        this.logger.warn(`${this.dropped} access log entries were dropped (buffer full)`);
        this.dropped = 0;
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
