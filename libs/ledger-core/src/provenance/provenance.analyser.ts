import { Inject, Injectable } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { parseLedgerEvent, type LedgerEvent } from '@mcp-ledger/events';
import { ProvenanceTracker } from '@mcp-ledger/provenance';
import { LEDGER_DATABASE } from '../database/database.module';
import { PROVENANCE_TABLES, provenanceRows, type ProvenanceRows } from './provenance-rows';

/** Sessions whose analysis state stays in memory; others are rebuilt from the store. */
const CACHED_SESSIONS = 1_000;
/** Content kinds remembered per session (for edge rows), bounded like the tracker. */
const MAX_KINDS = 4_096;

const CONTENT_KINDS: Partial<Record<LedgerEvent['type'], string>> = {
  'tool_call.completed': 'tool_result',
  'resource.read': 'resource',
  'prompt.got': 'prompt',
  'sampling.completed': 'sampling',
  'user.prompt': 'user_prompt',
};

class SessionAnalysis {
  readonly tracker = new ProvenanceTracker();
  readonly kinds = new Map<number, string>();
  lastSeq = -1;

  consume(event: LedgerEvent, onRows: (rows: ProvenanceRows) => void): void {
    if (event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    const kind = CONTENT_KINDS[event.type];
    if (kind && this.kinds.size < MAX_KINDS) this.kinds.set(event.seq, kind);
    for (const verdict of this.tracker.consume(event)) {
      onRows(provenanceRows(event, verdict, (seq) => this.kinds.get(seq) ?? 'content'));
    }
  }
}

/**
 * Runs the provenance engine as events are stored: per session, incrementally, with the
 * analysis state of recent sessions kept in memory (bounded) and rebuilt from the
 * `events` table when a session continues after a restart or an eviction. A verdict
 * depends only on the events before its call, so the live and the rebuilt analysis write
 * the same rows (replays are harmless).
 */
@Injectable()
export class ProvenanceAnalyser {
  private readonly sessions = new Map<string, SessionAnalysis>();

  constructor(@Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase) {}

  /** Analyses newly stored events and writes the verdicts, edges and findings. */
  async analyseAndStore(events: readonly LedgerEvent[]): Promise<void> {
    const rows = await this.analyse(events);
    await Promise.all(PROVENANCE_TABLES.map((table) => this.db.insert(table, rows[table])));
  }

  async analyse(events: readonly LedgerEvent[]): Promise<ProvenanceRows> {
    const out: ProvenanceRows = { tool_calls: [], provenance_edges: [], findings: [] };
    const collect = (rows: ProvenanceRows) => {
      out.tool_calls.push(...rows.tool_calls);
      out.provenance_edges.push(...rows.provenance_edges);
      out.findings.push(...rows.findings);
    };
    for (const [key, sessionEvents] of groupBySession(events)) {
      const analysis = await this.sessionFor(key, sessionEvents[0]!);
      for (const event of sessionEvents) analysis.consume(event, collect);
    }
    return out;
  }

  /** Forgets cached state (e.g. after the tables were rebuilt). */
  reset(): void {
    this.sessions.clear();
  }

  private async sessionFor(key: string, first: LedgerEvent): Promise<SessionAnalysis> {
    let analysis = this.sessions.get(key);
    if (analysis && analysis.lastSeq < first.seq - 1) analysis = undefined; // a gap: trust the store, not the cache
    if (!analysis) {
      analysis = new SessionAnalysis();
      if (first.seq > 0) for (const event of await this.storedPrefix(first)) analysis.consume(event, () => undefined);
    }
    // Map order is insertion order: re-inserting marks it most recently used.
    this.sessions.delete(key);
    this.sessions.set(key, analysis);
    if (this.sessions.size > CACHED_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    return analysis;
  }

  private async storedPrefix(first: LedgerEvent): Promise<LedgerEvent[]> {
    const rows = await this.db.query<{ payload: string }>(
      `SELECT payload FROM events FINAL
       WHERE tenant = {tenant:String} AND session_id = {sessionId:String} AND seq < {seq:UInt64}
       ORDER BY seq`,
      { tenant: first.tenant, sessionId: first.session_id, seq: first.seq },
    );
    const events: LedgerEvent[] = [];
    for (const row of rows) {
      const parsed = parseLedgerEvent(JSON.parse(row.payload));
      if (parsed.ok) events.push(parsed.event);
    }
    return events;
  }
}

function groupBySession(events: readonly LedgerEvent[]): Map<string, LedgerEvent[]> {
  const groups = new Map<string, LedgerEvent[]>();
  for (const event of events) {
    const key = `${event.tenant}\u0000${event.session_id}`;
    const group = groups.get(key) ?? [];
    group.push(event);
    groups.set(key, group);
  }
  for (const group of groups.values()) group.sort((a, b) => a.seq - b.seq);
  return groups;
}
