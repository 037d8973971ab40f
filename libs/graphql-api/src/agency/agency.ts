import { classifyToolRisk, type ToolAction, type ToolRisk } from '@mcp-ledger/policy';
import type { AgentModel, AgentTaskModel, AgentToolModel, AgentToolRiskModel } from './agent.model';

/**
 * Pure folding of the rows the handler reads, so the report can be tested without a store.
 * Every record may name a task (source.task.id); records without one count for their agent
 * only, records with one for their agent and for that task of the agent.
 */

interface TaskOf {
  /** null: the host sent no task. */
  task?: string | null;
  task_name?: string | null;
}

export interface AgentSessionsRecord extends TaskOf {
  agent: string | null;
  sessions: number;
}

export interface GrantedRecord extends TaskOf {
  agent: string | null;
  server_name: string;
  tools: string[];
}

export interface UsedRecord extends TaskOf {
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

/** What one agent, or one task of it, was granted and used. */
interface Scope {
  sessions: number;
  tools: Map<string, AgentToolModel>;
}

interface AgentScope extends Scope {
  name: string | null;
  tasks: Map<string, Scope & { id: string; name: string | null }>;
}

const byName = (a: { server: string; name: string }, b: { server: string; name: string }) => a.server.localeCompare(b.server) || a.name.localeCompare(b.name);

function summary(scope: Scope): { tools: AgentToolModel[]; unusedHighRisk: AgentToolRiskModel[] } {
  const tools = [...scope.tools.values()].sort(byName);
  return {
    tools,
    unusedHighRisk: tools.filter((t) => t.granted && !t.used && HIGH.has(t.risk)).map(({ server, name, risk, actions }) => ({ server, name, risk, actions })),
  };
}

export function foldAgents(sessions: AgentSessionsRecord[], granted: GrantedRecord[], used: UsedRecord[], definitions: DefinitionRecord[]): AgentModel[] {
  const definitionOf = new Map(definitions.map((row) => [key(row.server_name, row.tool_name), row.definition]));
  const agents = new Map<string, AgentScope>();

  /** The agent's scope and, when the record names a task, that task's scope too. */
  const scopesOf = (agentName: string | null, record: TaskOf): Scope[] => {
    let agent = agents.get(key(agentName));
    if (agent === undefined) agents.set(key(agentName), (agent = { name: agentName, sessions: 0, tools: new Map(), tasks: new Map() }));
    if (record.task === undefined || record.task === null || record.task === '') return [agent];
    let task = agent.tasks.get(record.task);
    if (task === undefined) agent.tasks.set(record.task, (task = { id: record.task, name: null, sessions: 0, tools: new Map() }));
    task.name ??= record.task_name ?? null;
    return [agent, task];
  };
  const toolIn = (scope: Scope, server: string, name: string): AgentToolModel => {
    let tool = scope.tools.get(key(server, name));
    if (tool === undefined) {
      const { risk, actions } = toolRisk(name, definitionOf.get(key(server, name)));
      tool = { server, name, risk, actions: actions as ToolAction[], granted: false, used: false, calls: 0, lastUsedAt: null };
      scope.tools.set(key(server, name), tool);
    }
    return tool;
  };

  for (const row of sessions) for (const scope of scopesOf(row.agent, row)) scope.sessions += row.sessions;
  for (const row of granted)
    for (const scope of scopesOf(row.agent, row)) for (const name of row.tools) if (name !== '') toolIn(scope, row.server_name, name).granted = true;
  for (const row of used)
    for (const scope of scopesOf(row.agent, row)) {
      const tool = toolIn(scope, row.server_name, row.tool_name);
      tool.used = true;
      tool.calls += row.calls;
      if (row.last_used_at !== null && (tool.lastUsedAt === null || row.last_used_at > tool.lastUsedAt)) tool.lastUsedAt = row.last_used_at;
    }

  return [...agents.values()]
    .map((agent): AgentModel => ({
      name: agent.name,
      sessions: agent.sessions,
      ...summary(agent),
      tasks: [...agent.tasks.values()]
        .map((task): AgentTaskModel => ({ id: task.id, name: task.name, agent: agent.name, sessions: task.sessions, ...summary(task) }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    }))
    .sort((a, b) => (a.name === null ? 1 : b.name === null ? -1 : a.name.localeCompare(b.name)));
}

/**
 * The tasks of every agent, or of the one named, as `tasks(agent:)` lists them; `""` names
 * the sessions that recorded no agent name (null in `agents`).
 */
export function tasksOf(agents: readonly AgentModel[], agent?: string | null): AgentTaskModel[] {
  const wanted = agent === undefined || agent === null ? undefined : agent === '' ? null : agent;
  return agents.filter((a) => wanted === undefined || a.name === wanted).flatMap((a) => a.tasks);
}
