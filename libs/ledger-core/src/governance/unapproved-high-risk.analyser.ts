import { Inject, Injectable } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent, LedgerEventOf } from '@mcp-ledger/events';
import { classifyToolRisk, maxRisk, type Risk, type ToolAnnotations } from '@mcp-ledger/policy';
import { firstDecisions, type TenantSelect } from '../approvals/approvals.reader';
import { LEDGER_DATABASE } from '../database/database.module';
import type { FindingRow } from '../provenance/provenance-rows';
import { callFinding } from './finding-row';

const HIGH = new Set(['high', 'critical']);

interface RanCall {
  session_id: string;
  call_id: string;
  tool_name: string | null;
  server_name: string | null;
  agent: string | null;
  definition: string | null;
}

interface HeldCall {
  approval_id: string;
  session_id: string;
  call_id: string | null;
  call_hash: string | null;
  risk: string | null;
}

/**
 * `unapproved_high_risk_call`: a call that ran (the server answered it: `tool_call.completed`)
 * whose risk is high or critical — classified from the tool's name and the definition it
 * ran under, raised by the policy's risk when a proxy held it — and that has no approval
 * granted for exactly that call (an `approved` first decision whose call hash equals the
 * held call's). Judged at the outcome: the approval, if any, was decided before the
 * proxy released the call, so it is stored by then; replays raise the same rows.
 */
@Injectable()
export class UnapprovedHighRiskAnalyser {
  constructor(@Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase) {}

  async analyseAndStore(events: readonly LedgerEvent[]): Promise<void> {
    await this.db.insert('findings', await this.analyse(events));
  }

  async analyse(events: readonly LedgerEvent[]): Promise<FindingRow[]> {
    const completed = events.filter((event): event is LedgerEventOf<'tool_call.completed'> => event.type === 'tool_call.completed');
    if (completed.length === 0) return [];
    const rows: FindingRow[] = [];
    // Three reads per tenant and batch, not per session: the IN lists narrow the scan, pairs are matched below.
    for (const group of groupByTenant(completed)) {
      const tenant = group[0]?.tenant ?? '';
      const select: TenantSelect = (sql, params) => this.db.query(sql, { ...params, tenant });
      const keys = { sessions: [...new Set(group.map((event) => event.session_id))], calls: [...new Set(group.map((event) => event.data.call_id))] };
      const ran = await select<RanCall>(
        `SELECT c.session_id AS session_id, c.call_id AS call_id, c.tool_name AS tool_name, c.server_name AS server_name, c.agent AS agent,
                t.definition AS definition
         FROM (SELECT session_id, call_id, tool_name, server_name, agent, tool_definition_hash FROM tool_calls FINAL
               WHERE tenant = {tenant:String} AND session_id IN {sessions:Array(String)} AND call_id IN {calls:Array(String)}) AS c
         LEFT JOIN (SELECT definition_hash, any(definition) AS definition FROM mcp_tools WHERE tenant = {tenant:String} GROUP BY definition_hash) AS t
           ON t.definition_hash = c.tool_definition_hash`,
        keys,
      );
      const held = await select<HeldCall>(
        `SELECT approval_id, session_id, call_id, call_hash, risk FROM approvals FINAL
         WHERE tenant = {tenant:String} AND session_id IN {sessions:Array(String)} AND call_id IN {calls:Array(String)}`,
        keys,
      );
      const decisions = await firstDecisions(select, held.map((h) => h.approval_id));
      const byCall = new Map(ran.map((call) => [callKey(call.session_id, call.call_id), call]));
      for (const event of group) {
        const call = byCall.get(callKey(event.session_id, event.data.call_id));
        if (!call?.tool_name) continue;
        const heldFor = held.filter((h) => h.session_id === event.session_id && h.call_id === event.data.call_id);
        const approved = heldFor.some((h) => {
          const decision = decisions.get(h.approval_id);
          return decision?.decision === 'approved' && decision.callHash === h.call_hash;
        });
        if (approved) continue;
        const definition = parseDefinition(call.definition);
        const classified = classifyToolRisk({ name: call.tool_name, ...definition });
        const declared = heldFor.map((h) => h.risk).filter((r): r is Risk => r !== null && r !== '');
        const risk = maxRisk([classified.risk, ...declared]);
        if (!HIGH.has(risk)) continue;
        const server = call.server_name ?? '';
        const latest = heldFor.at(-1);
        const status = latest ? (decisions.get(latest.approval_id)?.decision ?? 'undecided') : 'not_requested';
        rows.push(
          callFinding(event, event.data.call_id, 'unapproved_high_risk_call', risk, [], {
            summary: `${risk}-risk call ${call.tool_name} (${event.data.call_id}) to ${server} ran without an approval for it`,
            evidence: {
              server,
              tool: call.tool_name,
              ...(call.agent ? { agent: call.agent } : {}),
              risk,
              actions: classified.actions,
              approval: latest ? { approval_id: latest.approval_id, status } : { status },
            },
          }),
        );
      }
    }
    return rows;
  }
}

function parseDefinition(text: string | null): { description?: string; annotations?: ToolAnnotations } {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as { description?: unknown; annotations?: unknown };
    return {
      description: typeof value.description === 'string' ? value.description : undefined,
      annotations: value.annotations !== null && typeof value.annotations === 'object' ? (value.annotations as ToolAnnotations) : undefined,
    };
  } catch {
    return {};
  }
}

const callKey = (sessionId: string, callId: string) => `${sessionId}\u0000${callId}`;

function groupByTenant<E extends LedgerEvent>(events: readonly E[]): E[][] {
  const groups = new Map<string, E[]>();
  for (const event of events) {
    const group = groups.get(event.tenant) ?? [];
    group.push(event);
    groups.set(event.tenant, group);
  }
  return [...groups.values()];
}
