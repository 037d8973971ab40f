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
    const findings: FindingRow[] = [];
    for (const event of events) {
      if (event.type === 'tools.listed') findings.push(...(await this.listingFindings(event)));
    }
    await this.db.insert('findings', findings);
  }

  private async listingFindings(event: LedgerEventOf<'tools.listed'>): Promise<FindingRow[]> {
    const server = event.source.server?.name ?? UNKNOWN_SERVER;
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
      const changed = await this.changedAfterUse(event, server, item.name, item.definition_hash, tool);
      if (changed) rows.push(changed);
    }
    return rows;
  }

  private async changedAfterUse(
    event: LedgerEvent,
    server: string,
    toolName: string,
    hash: string,
    definition: ToolDefinition,
  ): Promise<FindingRow | undefined> {
    const time = toClickHouseTime(event.time);
    const [previous] = await this.db.query<PreviousDefinition>(
      `SELECT definition_hash, definition, first_seen_at FROM mcp_tools FINAL
       WHERE tenant = {tenant:String} AND server_name = {server:String} AND tool_name = {tool:String}
         AND first_seen_at < {time:DateTime64(3, 'UTC')} AND definition_hash != {hash:String}
       ORDER BY first_seen_at DESC LIMIT 1`,
      { tenant: event.tenant, server, tool: toolName, time, hash },
    );
    if (!previous) return undefined;
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
