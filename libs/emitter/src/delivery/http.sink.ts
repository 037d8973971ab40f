import { PermanentSinkError, type EventSink } from './event-sink';

export interface HttpSinkOptions {
  /** Base URL of the ledger ingest endpoint; events are POSTed to `${url}/v1/events`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`; defaults to the LEDGER_TOKEN environment variable. */
  token?: string;
  /** Per request (default 10 s); a timeout is retryable. */
  timeoutMs?: number;
}

/**
 * Statuses that mean the batch itself is unacceptable, so resending it cannot help.
 * Everything else that is not 2xx (401/403 misconfiguration, 404 during a deploy,
 * 408, 429, 5xx) and every connection error is retried: audit data is not discarded
 * because the ledger was briefly unreachable or misconfigured.
 */
const PERMANENT_STATUSES = new Set([400, 413, 415, 422]);
const MAX_ERROR_BODY_CHARS = 2048;

/** Sends NDJSON batches to the ledger's ingest API with node's global fetch. */
export class HttpSink implements EventSink {
  private readonly endpoint: string;

  constructor(private readonly options: HttpSinkOptions) {
    this.endpoint = `${options.url.replace(/\/+$/, '')}/v1/events`;
  }

  async write(lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    await this.post(`${lines.join('\n')}\n`);
  }

  /** Lines the emitter already encoded (each with its newline): concatenated, not re-encoded. */
  async writeEncoded(lines: readonly Uint8Array[]): Promise<void> {
    if (lines.length === 0) return;
    await this.post(Buffer.concat(lines));
  }

  private async post(body: string | Buffer): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' };
    const token = this.options.token ?? process.env['LEDGER_TOKEN'];
    if (token) headers['authorization'] = `Bearer ${token}`;
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const answer = await response.text();
    if (response.ok) return;
    const detail = answer.slice(0, MAX_ERROR_BODY_CHARS);
    const message = `POST ${this.endpoint} answered ${response.status}: ${detail}`;
    if (PERMANENT_STATUSES.has(response.status)) throw new PermanentSinkError(message, { status: response.status, body: detail });
    throw new Error(message);
  }

  async close(): Promise<void> {
    // fetch keeps no connection we own; the global agent's sockets are idle-timed.
  }
}
