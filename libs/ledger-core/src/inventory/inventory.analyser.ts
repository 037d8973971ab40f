import { Inject, Injectable } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { canonicalJson, hashJson, type LedgerEvent, type LedgerEventOf } from '@mcp-ledger/events';
import { diffToolDefinitions, scanToolDefinition, type ToolDefinition } from '@mcp-ledger/inventory';
import { fromClickHouseTime, toClickHouseTime, UNKNOWN_SERVER } from '@mcp-ledger/projections';
import { LEDGER_DATABASE } from '../database/database.module';
import type { FindingRow } from '../provenance/provenance-rows';

interface PreviousDefinition {
  definition_hash: string;
  definition: string;
  first_seen_at: string;
}

const severityOfPoisoning = (score: number) => (score >= 0.85 ? 'critical' : 'high');
const serverOf = (event: LedgerEvent) => event.source.server?.name ?? UNKNOWN_SERVER;
const historyKey = (tenant: string, server: string, tool: string) => JSON.stringify([tenant, server, tool]);

/** The definition in force before `time`: the latest other one first seen earlier. */
function previousDefinition(known: readonly PreviousDefinition[], hash: string, time: string): PreviousDefinition | undefined {
  let best: PreviousDefinition | undefined;
  for (const row of known) {
    if (row.definition_hash === hash || row.first_seen_at >= time) continue;
    if (!best || row.first_seen_at > best.first_seen_at) best = row;
  }
  return best;
}

/**
 * Checks every tool listing as it is stored: each definition is scanned for poisoning
 * (instructions to the model, hidden text, unicode tricks, references to other tools or to
 * secrets) → `tool_poisoning`, and a definition that differs from the one in force before,
 * for a tool that had already been called → `tool_definition_changed` (a rug pull) with the
 * diff. Finding ids derive from what they are about, and "before" means before the listing's
 * own time, so a replay raises the same findings.
 */
@Injectable()
export class InventoryAnalyser {
  constructor(@Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase) {}

  async analyseAndStore(events: readonly LedgerEvent[]): Promise<void> {
    const listings = events.filter((event): event is LedgerEventOf<'tools.listed'> => event.type === 'tools.listed');
    if (listings.length === 0) return;
    const history = await this.definitionHistory(listings);
    const findings: FindingRow[] = [];
    for (const listing of listings) findings.push(...(await this.listingFindings(listing, history)));
    await this.db.insert('findings', findings);
  }

  /**
   * Every known definition of the tools these listings name, in one keyed query per tenant
   * (not one per tool: a listing holds dozens of tools, an import thousands of listings).
   */
  private async definitionHistory(listings: readonly LedgerEventOf<'tools.listed'>[]): Promise<Map<string, PreviousDefinition[]>> {
    const byTenant = new Map<string, { servers: Set<string>; tools: Set<string> }>();
    for (const listing of listings) {
      const wanted = byTenant.get(listing.tenant) ?? { servers: new Set<string>(), tools: new Set<string>() };
      wanted.servers.add(serverOf(listing));
      for (const item of listing.data.items) wanted.tools.add(item.name);
      byTenant.set(listing.tenant, wanted);
    }
    const history = new Map<string, PreviousDefinition[]>();
    for (const [tenant, wanted] of byTenant) {
      const rows = await this.db.query<PreviousDefinition & { server_name: string; tool_name: string }>(
        `SELECT server_name, tool_name, definition_hash, definition, first_seen_at FROM mcp_tools FINAL
         WHERE tenant = {tenant:String} AND server_name IN {servers:Array(String)} AND tool_name IN {tools:Array(String)}`,
        { tenant, servers: [...wanted.servers], tools: [...wanted.tools] },
      );
      for (const row of rows) {
        const key = historyKey(tenant, row.server_name, row.tool_name);
        history.set(key, [...(history.get(key) ?? []), row]);
      }
    }
    return history;
  }

  private async listingFindings(event: LedgerEventOf<'tools.listed'>, history: Map<string, PreviousDefinition[]>): Promise<FindingRow[]> {
    const server = serverOf(event);
    const names = event.data.items.map((item) => item.name);
    const rows: FindingRow[] = [];
    for (const item of event.data.items) {
      const tool = item.definition as unknown as ToolDefinition;
      const scan = scanToolDefinition({ server, tool: { ...tool, name: item.name } }, { siblingTools: names.filter((n) => n !== item.name) });
      if (scan.poisoned) {
        rows.push(this.finding(event, 'tool_poisoning', severityOfPoisoning(scan.score), [server, item.name, item.definition_hash], {
          summary: `tool ${item.name} of ${server}: its definition ${scan.findings[0]?.why ?? 'reads as instructions to the model'}`,
          evidence: { server, tool: item.name, definition_hash: item.definition_hash, score: scan.score, findings: scan.findings.slice(0, 10) },
        }));
      }
      const previous = previousDefinition(history.get(historyKey(event.tenant, server, item.name)) ?? [], item.definition_hash, toClickHouseTime(event.time));
      if (previous) {
        const changed = await this.changedAfterUse(event, server, item.name, item.definition_hash, tool, previous);
        if (changed) rows.push(changed);
      }
    }
    return rows;
  }

  private async changedAfterUse(
    event: LedgerEvent,
    server: string,
    toolName: string,
    hash: string,
    definition: ToolDefinition,
    previous: PreviousDefinition,
  ): Promise<FindingRow | undefined> {
    const time = toClickHouseTime(event.time);
    const [used] = await this.db.query<{ calls: string | number }>(
      `SELECT count() AS calls FROM tool_calls FINAL
       WHERE tenant = {tenant:String} AND server_name = {server:String} AND tool_name = {tool:String}
         AND requested_at >= {since:DateTime64(3, 'UTC')} AND requested_at < {time:DateTime64(3, 'UTC')}`,
      { tenant: event.tenant, server, tool: toolName, since: previous.first_seen_at, time },
    );
    if (!used || Number(used.calls) === 0) return undefined;
    const diff = diffToolDefinitions(JSON.parse(previous.definition) as ToolDefinition, definition);
    if (!diff.changed) return undefined;
    return this.finding(event, 'tool_definition_changed', 'high', [server, toolName, previous.definition_hash, hash], {
      summary: `tool ${toolName} of ${server} changed its definition after it had been used (${Number(used.calls)} call(s) under the previous one)`,
      evidence: {
        server,
        tool: toolName,
        previous_hash: previous.definition_hash,
        previous_first_seen_at: fromClickHouseTime(previous.first_seen_at),
        new_hash: hash,
        calls_under_previous: Number(used.calls),
        diff,
      },
    });
  }

  private finding(event: LedgerEvent, kind: string, severity: string, about: string[], body: { summary: string; evidence: unknown }): FindingRow {
    return {
      tenant: event.tenant,
      finding_id: hashJson([kind, event.tenant, ...about]),
      kind,
      severity,
      summary: body.summary,
      evidence: canonicalJson(body.evidence),
      session_id: event.session_id,
      call_id: '',
      raised_at: toClickHouseTime(event.time),
    };
  }
}
