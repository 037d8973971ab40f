import { computeEventHash, type LedgerEvent } from '@mcp-ledger/events';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';

/**
 * What a ledger holds for one tenant after a proxied run, checked the way a reader would:
 * tool calls through GraphQL (`toolCalls`, paged), and the session's hash chain and
 * `policy.evaluated` events from the stored canonical events. Used by the proxy benchmark
 * to report "recorded N/N" rather than trusting the emitter's own counters.
 */

export interface RecordedAudit {
  /** Calls GraphQL `toolCalls` returns for the tenant. */
  toolCalls: number;
  /** Of those: status OK, arguments hash and result content recorded. */
  complete: number;
  sessions: number;
  /** Stored events of the tenant, all sessions. */
  events: number;
  policyEvaluated: number;
  /** Problems found walking every session's chain (seq gaps, unlinked prev_hash, hash mismatch); empty when intact. */
  chainProblems: string[];
}

interface CallNode {
  status: string;
  argumentsHash: string | null;
  sessionId: string;
  result: { hash: string } | null;
}

const PAGE = `query Calls($after: String, $filter: ToolCallFilter) {
  toolCalls(first: 1000, after: $after, order: ASC, filter: $filter) {
    edges { node { status argumentsHash sessionId result { hash } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function graphql<T>(ledgerUrl: string, tenant: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${ledgerUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ledger-tenant': tenant, authorization: `Bearer ${process.env['LEDGER_TOKEN'] ?? ''}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL errors (HTTP ${response.status}): ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data;
}

async function recordedCalls(ledgerUrl: string, tenant: string, serverName: string): Promise<CallNode[]> {
  const calls: CallNode[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { toolCalls: { edges: { node: CallNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await graphql(
      ledgerUrl,
      tenant,
      PAGE,
      { after, filter: { serverName } },
    );
    calls.push(...data.toolCalls.edges.map((edge) => edge.node));
    if (!data.toolCalls.pageInfo.hasNextPage) return calls;
    after = data.toolCalls.pageInfo.endCursor;
  }
}

/** seq 0,1,2,… without gaps, each prev_hash the previous hash, each hash recomputed from the stored event. */
function chainProblems(sessionId: string, events: readonly LedgerEvent[]): string[] {
  const problems: string[] = [];
  let prev: string | null = null;
  events.forEach((event, index) => {
    if (event.seq !== index) problems.push(`${sessionId}#${index} ${event.type}: seq ${event.seq}`);
    if ((event.prev_hash ?? null) !== prev) problems.push(`${sessionId}#${index} ${event.type}: prev_hash does not link`);
    if (computeEventHash(event as unknown as { prev_hash: string | null }) !== event.hash) problems.push(`${sessionId}#${index} ${event.type}: hash mismatch`);
    prev = event.hash;
  });
  return problems;
}

export async function recordedAudit(options: { ledgerUrl: string; db: LedgerDatabase; tenant: string; serverName: string }): Promise<RecordedAudit> {
  const { ledgerUrl, db, tenant, serverName } = options;
  const calls = await recordedCalls(ledgerUrl, tenant, serverName);
  const rows = await db.query<{ session_id: string; payload: string }>(
    'SELECT session_id, payload FROM events FINAL WHERE tenant = {tenant:String} ORDER BY session_id, seq',
    { tenant },
  );
  const bySession = new Map<string, LedgerEvent[]>();
  let policyEvaluated = 0;
  for (const row of rows) {
    const event = JSON.parse(row.payload) as LedgerEvent;
    if (event.type === 'policy.evaluated') policyEvaluated += 1;
    const list = bySession.get(row.session_id) ?? [];
    list.push(event);
    bySession.set(row.session_id, list);
  }
  return {
    toolCalls: calls.length,
    complete: calls.filter((call) => call.status === 'OK' && call.argumentsHash !== null && call.result !== null).length,
    sessions: bySession.size,
    events: rows.length,
    policyEvaluated,
    chainProblems: [...bySession].flatMap(([sessionId, events]) => chainProblems(sessionId, events)),
  };
}
