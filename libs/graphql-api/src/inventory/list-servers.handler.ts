import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { fromClickHouseTime } from '@mcp-ledger/projections';
import { TenantReader } from '../common/tenant-reader';
import type { ServerModel, ToolModel } from './server.model';
import { ListServersQuery } from './list-servers.query';

interface ServerRecord {
  server_name: string;
  versions: string[];
  first_seen_at: string;
  last_seen_at: string;
}

interface ToolRecord {
  server_name: string;
  tool_name: string;
  definition_hash: string;
  title: string | null;
  description: string | null;
  definition: string;
  first_seen_at: string;
  last_seen_at: string;
}

interface CredentialRecord {
  server_name: string;
  kind: string;
  name: string;
}

const toDate = (text: string) => new Date(fromClickHouseTime(text));

/** Folds a tool's definition rows (oldest first) into the tool and its history. */
function toTool(rows: ToolRecord[]): ToolModel {
  const versions = rows.map((row) => ({
    definitionHash: row.definition_hash,
    description: row.description,
    definition: JSON.parse(row.definition) as Record<string, unknown>,
    firstSeenAt: toDate(row.first_seen_at),
    lastSeenAt: toDate(row.last_seen_at),
  }));
  const current = rows.reduce((latest, row) => (row.last_seen_at > latest.last_seen_at ? row : latest));
  const currentVersion = versions.find((v) => v.definitionHash === current.definition_hash)!;
  return {
    name: current.tool_name,
    title: current.title,
    description: current.description,
    definitionHash: current.definition_hash,
    inputSchema: currentVersion.definition['inputSchema'] ?? null,
    firstSeenAt: versions[0]!.firstSeenAt,
    lastSeenAt: toDate(current.last_seen_at),
    versions,
  };
}

@QueryHandler(ListServersQuery)
export class ListServersHandler implements IQueryHandler<ListServersQuery, ServerModel[]> {
  constructor(private readonly reader: TenantReader) {}

  async execute({ caller }: ListServersQuery): Promise<ServerModel[]> {
    const [servers, tools, credentials] = await Promise.all([
      this.reader.select<ServerRecord>(
        caller,
        `SELECT server_name, arraySort(groupArray(server_version)) AS versions,
                min(first_seen_at) AS first_seen_at, max(last_seen_at) AS last_seen_at
         FROM mcp_servers FINAL WHERE tenant = {tenant:String} GROUP BY server_name`,
      ),
      this.reader.select<ToolRecord>(
        caller,
        `SELECT server_name, tool_name, definition_hash, title, description, definition, first_seen_at, last_seen_at
         FROM mcp_tools FINAL WHERE tenant = {tenant:String}
         ORDER BY server_name, tool_name, first_seen_at, definition_hash`,
      ),
      this.reader.select<CredentialRecord>(
        caller,
        `SELECT DISTINCT server_name, kind, name FROM mcp_server_credentials
         WHERE tenant = {tenant:String} ORDER BY server_name, kind, name`,
      ),
    ]);
    const byServer = new Map<string, ServerModel>();
    for (const row of servers) {
      byServer.set(row.server_name, {
        name: row.server_name,
        versions: row.versions.filter((v) => v !== ''),
        firstSeenAt: toDate(row.first_seen_at),
        lastSeenAt: toDate(row.last_seen_at),
        tools: [],
        credentials: { env: [], oauthScopes: [] },
      });
    }
    const toolRows = new Map<string, ToolRecord[]>();
    for (const row of tools) {
      const key = JSON.stringify([row.server_name, row.tool_name]);
      toolRows.set(key, [...(toolRows.get(key) ?? []), row]);
    }
    for (const rows of toolRows.values()) {
      const serverName = rows[0]!.server_name;
      // A server known only from its tool listings still shows up.
      const server =
        byServer.get(serverName) ??
        byServer.set(serverName, { name: serverName, versions: [], firstSeenAt: null, lastSeenAt: null, tools: [], credentials: { env: [], oauthScopes: [] } }).get(serverName)!;
      server.tools.push(toTool(rows));
    }
    for (const row of credentials) {
      const server = byServer.get(row.server_name);
      // Only servers the inventory knows (every session.started marks its server seen).
      if (server === undefined) continue;
      (row.kind === 'oauth_scope' ? server.credentials.oauthScopes : server.credentials.env).push(row.name);
    }
    return [...byServer.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
