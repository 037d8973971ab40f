import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEventOf } from '@mcp-ledger/events';
import type { ToolAnnotations } from '@mcp-ledger/policy';

export interface KnownDefinition {
  description?: string;
  annotations?: ToolAnnotations;
}

/**
 * The definitions in force for these calls, by definition hash (calls carry the hash of
 * the tools/list entry they ran under). A definition is immutable under its hash, and the
 * listing is projected before any analyser runs, so live and replayed analyses agree.
 */
export async function definitionsOf(
  db: LedgerDatabase,
  requests: readonly LedgerEventOf<'tool_call.requested'>[],
): Promise<Map<string, KnownDefinition>> {
  const byTenant = new Map<string, Set<string>>();
  for (const request of requests) {
    const hash = request.data.tool_definition_hash;
    if (hash) byTenant.set(request.tenant, (byTenant.get(request.tenant) ?? new Set()).add(hash));
  }
  const out = new Map<string, KnownDefinition>();
  for (const [tenant, hashes] of byTenant) {
    const rows = await db.query<{ definition_hash: string; definition: string }>(
      `SELECT definition_hash, any(definition) AS definition FROM mcp_tools
       WHERE tenant = {tenant:String} AND definition_hash IN {hashes:Array(String)}
       GROUP BY definition_hash`,
      { tenant, hashes: [...hashes] },
    );
    for (const row of rows) out.set(`${tenant}\u0000${row.definition_hash}`, parseDefinition(row.definition));
  }
  return out;
}

export function definitionFor(known: Map<string, KnownDefinition>, request: LedgerEventOf<'tool_call.requested'>): KnownDefinition {
  const hash = request.data.tool_definition_hash;
  return (hash && known.get(`${request.tenant}\u0000${hash}`)) || {};
}

function parseDefinition(text: string): KnownDefinition {
  try {
    const value = JSON.parse(text) as { description?: unknown; annotations?: unknown };
    const annotations = value.annotations !== null && typeof value.annotations === 'object' ? (value.annotations as ToolAnnotations) : undefined;
    return { description: typeof value.description === 'string' ? value.description : undefined, annotations };
  } catch {
    return {};
  }
}
