import { EventEmitter } from 'node:events';
import { Global, Inject, Injectable, Module } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent } from '@mcp-ledger/events';
import { fromClickHouseTime } from '@mcp-ledger/projections';
import { LEDGER_DATABASE } from '../database/database.module';

export interface RaisedFinding {
  tenant: string;
  findingId: string;
  kind: string;
  severity: string;
  summary: string;
  evidence: unknown;
  sessionId: string;
  callId: string | null;
  /** ISO-8601. */
  raisedAt: string;
}

export interface RequestedApproval {
  tenant: string;
  approvalId: string;
}

interface Notices {
  finding: [RaisedFinding];
  approval: [RequestedApproval];
}

/** Finding ids per tenant and session, taken before the analysers of a batch run. */
export type FindingSnapshot = Map<string, Set<string>>;

const sessionKey = (tenant: string, session: string) => `${tenant}\u0000${session}`;

/**
 * In-process notices of what a committed batch added: new findings and held calls
 * waiting for a reviewer (GraphQL subscriptions listen here). The writer calls
 * `beforeAnalysis` and `committed` around its analysers; with nobody listening both are
 * free. Only a process that commits batches (the embedded ledger) can notify: the
 * distributed API would need the projectors to publish to a shared channel.
 */
@Injectable()
export class LedgerNotifier {
  private readonly emitter = new EventEmitter<Notices>();

  constructor(@Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase) {
    this.emitter.setMaxListeners(0);
  }

  on<K extends keyof Notices>(notice: K, listener: (...args: Notices[K]) => void): () => void {
    this.emitter.on(notice, listener as never);
    return () => this.emitter.off(notice, listener as never);
  }

  private get listening(): boolean {
    return this.emitter.listenerCount('finding') > 0 || this.emitter.listenerCount('approval') > 0;
  }

  /** The findings already known for the batch's sessions, so `committed` can tell the new ones. */
  async beforeAnalysis(events: readonly LedgerEvent[]): Promise<FindingSnapshot | undefined> {
    if (this.emitter.listenerCount('finding') === 0) return undefined;
    const snapshot: FindingSnapshot = new Map();
    for (const row of await this.findingsOf(events)) {
      const key = sessionKey(row.tenant, row.sessionId);
      snapshot.set(key, (snapshot.get(key) ?? new Set()).add(row.findingId));
    }
    return snapshot;
  }

  async committed(events: readonly LedgerEvent[], before: FindingSnapshot | undefined): Promise<void> {
    if (!this.listening) return;
    for (const event of events) {
      if (event.type === 'approval.requested') this.emitter.emit('approval', { tenant: event.tenant, approvalId: event.data.approval_id });
    }
    if (before === undefined) return;
    for (const finding of await this.findingsOf(events)) {
      if (!before.get(sessionKey(finding.tenant, finding.sessionId))?.has(finding.findingId)) this.emitter.emit('finding', finding);
    }
  }

  private async findingsOf(events: readonly LedgerEvent[]): Promise<RaisedFinding[]> {
    const sessions = new Map<string, Set<string>>();
    for (const event of events) sessions.set(event.tenant, (sessions.get(event.tenant) ?? new Set()).add(event.session_id));
    const out: RaisedFinding[] = [];
    for (const [tenant, ids] of sessions) {
      const rows = await this.db.query<{ finding_id: string; kind: string; severity: string; summary: string; evidence: string; session_id: string; call_id: string; raised_at: string }>(
        `SELECT finding_id, kind, severity, summary, evidence, session_id, call_id, raised_at FROM findings FINAL
         WHERE tenant = {tenant:String} AND session_id IN {sessions:Array(String)}`,
        { tenant, sessions: [...ids] },
      );
      for (const row of rows) {
        out.push({
          tenant,
          findingId: row.finding_id,
          kind: row.kind,
          severity: row.severity,
          summary: row.summary,
          evidence: JSON.parse(row.evidence) as unknown,
          sessionId: row.session_id,
          callId: row.call_id === '' ? null : row.call_id,
          raisedAt: fromClickHouseTime(row.raised_at),
        });
      }
    }
    return out;
  }
}

/** Provides LedgerNotifier to the whole app (the writer notifies, subscriptions listen). */
@Global()
@Module({ providers: [LedgerNotifier], exports: [LedgerNotifier] })
export class LedgerNotifierModule {}
