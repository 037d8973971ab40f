import type { LedgerEvent } from '@mcp-ledger/events';

export class IngestRefusedError extends Error {
  constructor(
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'IngestRefusedError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POSTs events to a ledger's `/v1/events` as NDJSON. A 400 means the events themselves
 * are wrong: it throws with the ledger's answer. The token defaults to LEDGER_TOKEN. Anything that may pass on its own (5xx,
 * a refused connection) is retried with backoff, a few times: the ingest is idempotent.
 */
export async function postEventBatch(
  url: string,
  events: readonly LedgerEvent[],
  { token, attempts = 6 }: { token?: string; attempts?: number } = {},
): Promise<{ accepted: number; duplicates: number }> {
  const body = events.map((event) => JSON.stringify(event)).join('\n');
  const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' };
  const bearer = token ?? process.env['LEDGER_TOKEN'];
  if (bearer) headers['authorization'] = `Bearer ${bearer}`;
  let lastError = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(`${url}/v1/events`, { method: 'POST', headers, body });
      const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.status === 202) return answer as { accepted: number; duplicates: number };
      if (response.status >= 400 && response.status < 500) {
        throw new IngestRefusedError(`the ledger refused the batch (HTTP ${response.status}): ${String(answer['message'] ?? '')}`, answer);
      }
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      if (error instanceof IngestRefusedError) throw error;
      lastError = (error as Error).message;
    }
    await sleep(Math.min(200 * 2 ** attempt, 5_000));
  }
  throw new Error(`could not deliver a batch to ${url} after ${attempts} attempts (${lastError})`);
}
