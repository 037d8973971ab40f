import { classifyToolRisk, type ToolAction, type ToolRisk } from '@mcp-ledger/policy';
import type { AgentModel, AgentToolModel } from './agent.model';

/** Pure folding of the rows the handler reads, so the report can be tested without a store. */

export interface AgentSessionsRecord {
  agent: string | null;
  sessions: number;
}

export interface GrantedRecord {
  agent: string | null;
  server_name: string;
  tools: string[];
}

export interface UsedRecord {
  agent: string | null;
  server_name: string;
  tool_name: string;
  calls: number;
  last_used_at: Date | null;
}

export interface DefinitionRecord {
  server_name: string;
  tool_name: string;
  definition: Record<string, unknown>;
}

const HIGH = new Set(['high', 'critical']);
const key = (...parts: (string | null)[]) => JSON.stringify(parts);

/** classifyToolRisk on the tool's latest definition, or on its name alone when it was never listed. */
export function toolRisk(name: string, definition: Record<string, unknown> | undefined): ToolRisk {
  const description = definition?.['description'];
  const annotations = definition?.['annotations'];
  return classifyToolRisk({
    name,
    description: typeof description === 'string' ? description : undefined,
    annotations: typeof annotations === 'object' && annotations !== null ? (annotations as Parameters<typeof classifyToolRisk>[0]['annotations']) : undefined,
  });
}

export function foldAgents(sessions: AgentSessionsRecord[], granted: GrantedRecord[], used: UsedRecord[], definitions: DefinitionRecord[]): AgentModel[] {
  const definitionOf = new Map(definitions.map((row) => [key(row.server_name, row.tool_name), row.definition]));
  const agents = new Map<string, { name: string | null; sessions: number; tools: Map<string, AgentToolModel> }>();
  const agentFor = (name: string | null) => {
    let agent = agents.get(key(name));
    if (agent === undefined) agents.set(key(name), (agent = { name, sessions: 0, tools: new Map() }));
    return agent;
  };
  const toolFor = (agentName: string | null, server: string, name: string): AgentToolModel => {
    const tools = agentFor(agentName).tools;
    let tool = tools.get(key(server, name));
    if (tool === undefined) {
      const { risk, actions } = toolRisk(name, definitionOf.get(key(server, name)));
      tool = { server, name, risk, actions: actions as ToolAction[], granted: false, used: false, calls: 0, lastUsedAt: null };
      tools.set(key(server, name), tool);
    }
    return tool;
  };
  for (const row of sessions) agentFor(row.agent).sessions += row.sessions;
  for (const row of granted) for (const name of row.tools) if (name !== '') toolFor(row.agent, row.server_name, name).granted = true;
  for (const row of used) {
    const tool = toolFor(row.agent, row.server_name, row.tool_name);
    tool.used = true;
    tool.calls += row.calls;
    if (row.last_used_at !== null && (tool.lastUsedAt === null || row.last_used_at > tool.lastUsedAt)) tool.lastUsedAt = row.last_used_at;
  }
  const byName = (a: { server: string; name: string }, b: { server: string; name: string }) => a.server.localeCompare(b.server) || a.name.localeCompare(b.name);
  return [...agents.values()]
    .map((agent) => {
      const tools = [...agent.tools.values()].sort(byName);
      return {
        name: agent.name,
        sessions: agent.sessions,
        tools,
        unusedHighRisk: tools.filter((t) => t.granted && !t.used && HIGH.has(t.risk)).map(({ server, name, risk, actions }) => ({ server, name, risk, actions })),
      };
    })
    .sort((a, b) => (a.name === null ? 1 : b.name === null ? -1 : a.name.localeCompare(b.name)));
}
