import type { ApprovalAnswer } from '@mcp-ledger/ledger-core';

/** The ledger's answer about a held call (`GET /v1/approvals/:id`): the REST body its controller writes. */
export type { ApprovalAnswer };

/** What the proxy asks the ledger about approvals; an interface so the hold logic is testable without HTTP. */
export interface ApprovalsClient {
  /** `undefined`: the ledger does not know the approval (yet: the request event may still be on its way). */
  get(approvalId: string): Promise<ApprovalAnswer | undefined>;
  /** Tells the ledger the proxy stopped waiting; answers the decision in force afterwards (a reviewer's, if one came first). */
  expire(approvalId: string): Promise<ApprovalAnswer | undefined>;
  /** Has an admin approved this definition of this tool of this server? */
  definitionApproved(tool: string, definitionHash: string): Promise<boolean>;
}

/**
 * A distributed API records the expiry through Kafka and answers once a projector has
 * written it (up to 15 s): the expiry request gets longer than a read.
 */
const EXPIRE_TIMEOUT_MS = 20_000;

/**
 * `/v1/approvals` at `url` — the embedded ledger, or in the distributed mode the API
 * started with Kafka brokers (`--approvals-url`; the ingest gateway has no store) — with
 * the proxy's own token (`LEDGER_TOKEN`, the ingest permission) and tenant. Every failure
 * (ledger down, refused token, an expiry not yet projected) is an exception: the caller
 * decides what it means (a held call is refused, never released, on failure).
 */
export class HttpApprovalsClient implements ApprovalsClient {
  constructor(private readonly options: { url: string; token?: string; tenant?: string; server: string; timeoutMs?: number }) {}

  async get(approvalId: string): Promise<ApprovalAnswer | undefined> {
    return this.call('GET', `/v1/approvals/${encodeURIComponent(approvalId)}`);
  }

  async expire(approvalId: string): Promise<ApprovalAnswer | undefined> {
    try {
      return await this.call('POST', `/v1/approvals/${encodeURIComponent(approvalId)}/expire`, Math.max(this.options.timeoutMs ?? 0, EXPIRE_TIMEOUT_MS));
    } catch (error) {
      // 409: a decision came first; the caller reads it.
      if ((error as { status?: number }).status === 409) return this.get(approvalId);
      throw error;
    }
  }

  async definitionApproved(tool: string, definitionHash: string): Promise<boolean> {
    const query = new URLSearchParams({ server: this.options.server, tool, hash: definitionHash });
    const answer = await this.call<{ approved: boolean }>('GET', `/v1/approvals/definitions?${query.toString()}`);
    return answer?.approved === true;
  }

  private async call<T = ApprovalAnswer>(method: 'GET' | 'POST', path: string, timeoutMs = this.options.timeoutMs ?? 5000): Promise<T | undefined> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.token) headers['authorization'] = `Bearer ${this.options.token}`;
    if (this.options.tenant) headers['x-ledger-tenant'] = this.options.tenant;
    const response = await fetch(new URL(path, this.options.url), { method, headers, signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 404) return undefined;
    if (!response.ok) {
      const body = await response.text();
      throw Object.assign(new Error(`ledger answered ${response.status} to ${method} ${path}: ${body.slice(0, 300)}`), { status: response.status });
    }
    return (await response.json()) as T;
  }
}
