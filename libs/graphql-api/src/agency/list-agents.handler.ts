import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { fromClickHouseTime, UNKNOWN_SERVER } from '@mcp-ledger/projections';
import { TenantReader } from '../common/tenant-reader';
import type { AgentModel } from './agent.model';
import { foldAgents } from './agency';
import { ListAgentsQuery } from './list-agents.query';

// Sessions without an agent name are grouped under '' (null in the API); servers without a name under UNKNOWN_SERVER;
// rows without a task (source.task) under task '' (the agent's totals only). Task names: max, so one per task whatever the merge order.
const SESSIONS_SQL = `
  SELECT ifNull(agent, '') AS agent_name, ifNull(task_id, '') AS task, max(task_name) AS task_name, count() AS sessions
  FROM sessions FINAL WHERE tenant = {tenant:String}
  GROUP BY agent_name, task`;

/** Granted: the tool names of every tools.listed event, by the agent of its session and the task the event names. */
const GRANTED_SQL = `
  SELECT ifNull(s.agent, '') AS agent_name, e.task AS task, e.server AS server_name, groupUniqArrayArray(e.tools) AS tools
  FROM (
    SELECT session_id, if(server_name = '', {unknown:String}, server_name) AS server,
           JSONExtractString(payload, 'source', 'task', 'id') AS task,
           arrayMap(item -> JSONExtractString(item, 'name'), JSONExtractArrayRaw(payload, 'data', 'items')) AS tools
    FROM events FINAL WHERE tenant = {tenant:String} AND type = 'tools.listed'
  ) AS e
  LEFT JOIN (SELECT session_id, agent FROM sessions FINAL WHERE tenant = {tenant:String}) AS s ON s.session_id = e.session_id
  GROUP BY agent_name, task, server_name`;

/** Used: calls by agent, task, server and tool. */
const USED_SQL = `
  SELECT ifNull(agent, '') AS agent_name, ifNull(task_id, '') AS task, max(task_name) AS task_name,
         ifNull(server_name, {unknown:String}) AS server, tool_name AS tool,
         count() AS calls, max(ifNull(requested_at, completed_at)) AS last_used_at
  FROM tool_calls FINAL WHERE tenant = {tenant:String} AND tool_name IS NOT NULL
  GROUP BY agent_name, task, server, tool`;

/** The latest definition of every listed tool (the one classified). */
const DEFINITIONS_SQL = `
  SELECT server_name, tool_name, argMax(definition, (last_seen_at, definition_hash)) AS definition
  FROM mcp_tools FINAL WHERE tenant = {tenant:String}
  GROUP BY server_name, tool_name`;

const agentName = (text: string): string | null => (text === '' ? null : text);
const taskOf = (row: { task: string; task_name?: string | null }) => ({ task: row.task === '' ? null : row.task, task_name: row.task_name ?? null });

@QueryHandler(ListAgentsQuery)
export class ListAgentsHandler implements IQueryHandler<ListAgentsQuery, AgentModel[]> {
  constructor(private readonly reader: TenantReader) {}

  async execute({ caller }: ListAgentsQuery): Promise<AgentModel[]> {
    const params = { unknown: UNKNOWN_SERVER };
    const [sessions, granted, used, definitions] = await Promise.all([
      this.reader.select<{ agent_name: string; task: string; task_name: string | null; sessions: number | string }>(caller, SESSIONS_SQL),
      this.reader.select<{ agent_name: string; task: string; server_name: string; tools: string[] }>(caller, GRANTED_SQL, params),
      this.reader.select<{ agent_name: string; task: string; task_name: string | null; server: string; tool: string; calls: number | string; last_used_at: string | null }>(
        caller,
        USED_SQL,
        params,
      ),
      this.reader.select<{ server_name: string; tool_name: string; definition: string }>(caller, DEFINITIONS_SQL),
    ]);
    return foldAgents(
      sessions.map((row) => ({ agent: agentName(row.agent_name), ...taskOf(row), sessions: Number(row.sessions) })),
      granted.map((row) => ({ agent: agentName(row.agent_name), ...taskOf(row), server_name: row.server_name, tools: row.tools })),
      used.map((row) => ({
        agent: agentName(row.agent_name),
        ...taskOf(row),
        server_name: row.server,
        tool_name: row.tool,
        calls: Number(row.calls),
        last_used_at: row.last_used_at === null ? null : new Date(fromClickHouseTime(row.last_used_at)),
      })),
      definitions.map((row) => ({ server_name: row.server_name, tool_name: row.tool_name, definition: parseDefinition(row.definition) })),
    );
  }
}

function parseDefinition(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
