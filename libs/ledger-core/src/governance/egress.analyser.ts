import { Inject, Injectable } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { scanArguments, type ArgumentScan } from '@mcp-ledger/detections';
import type { LedgerEvent, LedgerEventOf } from '@mcp-ledger/events';
import { classifyToolRisk, type ToolAnnotations } from '@mcp-ledger/policy';
import { UNKNOWN_SERVER } from '@mcp-ledger/projections';
import { LEDGER_DATABASE } from '../database/database.module';
import type { FindingRow } from '../provenance/provenance-rows';
import { callFinding } from './finding-row';
import { definitionFor, definitionsOf } from './tool-definitions';

/** Name words of tools that reach out over the network without saying "send". */
const NETWORK_WORDS = new Set(['http', 'https', 'curl', 'wget', 'request', 'webhook', 'api', 'graphql', 'rest']);

/**
 * Whether a tool sends data out: its name or definition classifies as a `send` action
 * (mail, message, post, upload, …), its name speaks HTTP, or its annotations say it
 * reaches the open world and is not read-only.
 */
export function isSendingTool(name: string, definition: { description?: string; annotations?: ToolAnnotations } = {}): boolean {
  if (classifyToolRisk({ name, description: definition.description, annotations: definition.annotations }).actions.includes('send')) return true;
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/);
  if (words.some((w) => NETWORK_WORDS.has(w))) return true;
  const hints = definition.annotations ?? {};
  return hints.openWorldHint === true && hints.readOnlyHint !== true;
}

const kindsOf = (scan: ArgumentScan) => [...new Set([...Object.keys(scan.masked), ...Object.keys(scan.secrets)])].sort();

/**
 * `sensitive_data_egress`: a call to a sending tool whose arguments carry secrets — in the
 * clear, or the `[REDACTED:<kind>]` marker an emitter left where it masked one (the value
 * never reaches us; the marker is the evidence) — or bulk personal data. Judged on the
 * request alone (an attempt counts, whether or not it then ran), so the finding is a
 * function of one event: its id is the call's, and replays raise the same rows.
 * Evidence names arguments, kinds and counts, never values.
 */
@Injectable()
export class EgressAnalyser {
  constructor(@Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase) {}

  async analyseAndStore(events: readonly LedgerEvent[]): Promise<void> {
    await this.db.insert('findings', await this.analyse(events));
  }

  async analyse(events: readonly LedgerEvent[]): Promise<FindingRow[]> {
    const candidates: { request: LedgerEventOf<'tool_call.requested'>; scans: ArgumentScan[] }[] = [];
    for (const event of events) {
      if (event.type !== 'tool_call.requested') continue;
      const scans = scanArguments(event.data.arguments);
      if (scans.length > 0) candidates.push({ request: event, scans });
    }
    if (candidates.length === 0) return [];
    const known = await definitionsOf(this.db, candidates.map((c) => c.request));
    const rows: FindingRow[] = [];
    for (const { request, scans } of candidates) {
      const tool = request.data['gen_ai.tool.name'];
      const definition = definitionFor(known, request);
      if (!isSendingTool(tool, definition)) continue;
      rows.push(this.finding(request, tool, scans));
    }
    return rows;
  }

  private finding(request: LedgerEventOf<'tool_call.requested'>, tool: string, scans: ArgumentScan[]): FindingRow {
    const secretKinds = [...new Set(scans.flatMap(kindsOf))].sort();
    const bulkKinds = [...new Set(scans.flatMap((s) => s.bulkKinds))].sort();
    const server = request.source.server?.name ?? UNKNOWN_SERVER;
    const what = [
      ...(secretKinds.length > 0 ? [`secrets (${secretKinds.join(', ')})`] : []),
      ...(bulkKinds.length > 0 ? [`bulk personal data (${bulkKinds.join(', ')})`] : []),
    ].join(' and ');
    const argumentNames = scans.map((s) => s.argument);
    return callFinding(request, request.data.call_id, 'sensitive_data_egress', secretKinds.length > 0 ? 'high' : 'medium', [], {
      summary: `${tool} call ${request.data.call_id} to ${server} sent ${what} in argument(s) ${argumentNames.join(', ')}`,
      evidence: {
        server,
        tool,
        arguments: scans.map((scan) => ({
          name: scan.argument,
          secrets: { ...scan.secrets, ...Object.fromEntries(Object.entries(scan.masked).map(([k, n]) => [k, (scan.secrets[k] ?? 0) + n])) },
          masked_by_emitter: Object.values(scan.masked).reduce((a, b) => a + b, 0),
          personal_data: Object.fromEntries(scan.bulkKinds.map((k) => [k, scan.personalData[k] ?? 0])),
        })),
      },
    });
  }
}
