import type { RecordedCall } from '@mcp-ledger/policy';

const PAGE = `query History($after: String, $filter: ToolCallFilter) {
  toolCalls(first: 1000, after: $after, order: ASC, filter: $filter) {
    edges { node { callId sessionId serverName toolName agent task { id } arguments } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Node {
  callId: string;
  sessionId: string;
  serverName: string | null;
  toolName: string | null;
  agent: string | null;
  task: { id: string } | null;
  arguments: unknown;
}

/**
 * Streams a tenant's recorded tool calls from a running ledger, oldest first, through the
 * same GraphQL API analysts use (so the caller's token and tenant scope apply).
 */
export async function* readRecordedCalls({
  url,
  tenant,
  since,
  token,
}: {
  url: string;
  tenant: string;
  since?: Date;
  token?: string;
}): AsyncGenerator<RecordedCall> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-ledger-tenant': tenant };
  if (token) headers['authorization'] = `Bearer ${token}`;
  let after: string | null = null;
  for (;;) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: PAGE, variables: { after, filter: since ? { from: since.toISOString() } : null } }),
    });
    const answer = (await response.json()) as {
      data?: { toolCalls: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
      errors?: { message: string }[];
    };
    if (!answer.data) throw new Error(`the ledger at ${url} answered ${response.status}: ${answer.errors?.map((e) => e.message).join('; ')}`);
    for (const { node } of answer.data.toolCalls.edges) {
      yield {
        callId: node.callId,
        sessionId: node.sessionId,
        tenant,
        agent: node.agent ?? undefined,
        task: node.task?.id,
        server: node.serverName ?? '',
        tool: node.toolName ?? '',
        arguments: node.arguments ?? {},
      };
    }
    if (!answer.data.toolCalls.pageInfo.hasNextPage) return;
    after = answer.data.toolCalls.pageInfo.endCursor;
  }
}
