import { canonicalJson, type LedgerEvent } from '@mcp-ledger/events';
import { toClickHouseTime } from './clickhouse-time';
import type { CredentialKind, McpServerCredentialRow, McpServerRow, McpToolRow } from './projection-rows';

/** Servers without a known name are filed under this name rather than dropped. */
export const UNKNOWN_SERVER = 'unknown';

/**
 * Every event labelled with a server marks it as seen (so last_seen_at is "last used");
 * session.started also records the server as it announced itself, with the protocol
 * version the session negotiated.
 */
export function serverRows(event: LedgerEvent): McpServerRow[] {
  const time = toClickHouseTime(event.time);
  const started = event.type === 'session.started' ? event.data : undefined;
  const protocolVersion = started?.['mcp.protocol.version'] ?? null;
  const servers = [event.source.server, started?.server_info].filter((server) => server !== undefined);
  return servers.map((server) => ({
    tenant: event.tenant,
    server_name: server.name,
    server_version: server.version ?? '',
    protocol_version: protocolVersion,
    first_seen_at: time,
    last_seen_at: time,
  }));
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * One row per (server, tool, definition hash): a tool whose definition changes gets a
 * new row, so "rug pulls" show up as a second definition with a later first_seen_at.
 */
export function toolRows(event: LedgerEvent): McpToolRow[] {
  if (event.type !== 'tools.listed') return [];
  const time = toClickHouseTime(event.time);
  const serverName = event.source.server?.name ?? UNKNOWN_SERVER;
  return event.data.items.map((item) => ({
    tenant: event.tenant,
    server_name: serverName,
    tool_name: item.name,
    definition_hash: item.definition_hash,
    title: optionalText(item.definition['title']),
    description: optionalText(item.definition['description']),
    definition: canonicalJson(item.definition),
    first_seen_at: time,
    last_seen_at: time,
  }));
}

/**
 * The credentials a server was started with, as its `session.started` names them (env
 * variable names, OAuth scopes; never values): one row per (server, kind, name), so
 * merges are a set union whatever the batching.
 */
export function serverCredentialRows(event: LedgerEvent): McpServerCredentialRow[] {
  if (event.type !== 'session.started' || event.data.credentials === undefined) return [];
  const time = toClickHouseTime(event.time);
  const serverName = event.source.server?.name ?? event.data.server_info?.name ?? UNKNOWN_SERVER;
  const { env, oauth_scopes: scopes = [] } = event.data.credentials;
  const named: [CredentialKind, string][] = [...env.map((name): [CredentialKind, string] => ['env', name]), ...scopes.map((name): [CredentialKind, string] => ['oauth_scope', name])];
  return named.map(([kind, name]) => ({ tenant: event.tenant, server_name: serverName, kind, name, first_seen_at: time, last_seen_at: time }));
}
