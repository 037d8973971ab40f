import { EventEmitter } from 'node:events';
import { Global, Inject, Injectable, Module } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent } from '@mcp-ledger/events';
import { fromClickHouseTime } from '@mcp-ledger/projections';
import { LEDGER_DATABASE } from '../database/database.module';
import type { FindingRow as StoredFinding } from '@mcp-ledger/projections';

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

/** A finding as the notifier reads it back (the tenant is known already). */
type FindingRow = Omit<StoredFinding, 'tenant'>;

const FINDING_COLUMNS = 'finding_id, kind, severity, summary, evidence, session_id, call_id, raised_at';

function raisedFinding(tenant: string, row: FindingRow): RaisedFinding {
  return {
    tenant,
    findingId: row.finding_id,
    kind: row.kind,
    severity: row.severity,
    summary: row.summary,
    evidence: JSON.parse(row.evidence) as unknown,
    sessionId: row.session_id,
    callId: row.call_id === '' ? null : row.call_id,
    raisedAt: fromClickHouseTime(row.raised_at),
  };
}

/**
 * In-process notices of new findings and held calls waiting for a reviewer (GraphQL
 * subscriptions listen here). Two sources feed the same `publish`: in the embedded ledger
 * the writer calls `beforeAnalysis` and `committed` around its analysers; in the
 * distributed API a tail of the OCSF topic publishes what the projectors stored
 * (`findingById` reads the finding back). With nobody listening all of it is free.
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

  /** Whether any subscriber waits for this notice: a source may skip its lookups otherwise. */
  listensTo(notice: keyof Notices): boolean {
    return this.emitter.listenerCount(notice) > 0;
  }

  /** Hands a notice to its subscribers (each filters by its tenant): the one way notices go out. */
  publish<K extends keyof Notices>(notice: K, ...args: Notices[K]): void {
    this.emitter.emit(notice, ...(args as never));
  }

  private get listening(): boolean {
    return this.listensTo('finding') || this.listensTo('approval');
  }

  /** The findings already known for the batch's sessions, so `committed` can tell the new ones. */
  async beforeAnalysis(events: readonly LedgerEvent[]): Promise<FindingSnapshot | undefined> {
    if (!this.listensTo('finding')) return undefined;
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
      if (event.type === 'approval.requested') this.publish('approval', { tenant: event.tenant, approvalId: event.data.approval_id });
    }
    if (before === undefined) return;
    for (const finding of await this.findingsOf(events)) {
      if (!before.get(sessionKey(finding.tenant, finding.sessionId))?.has(finding.findingId)) this.publish('finding', finding);
    }
  }

  /** One finding of a tenant as stored, or undefined when the tenant has no finding of that id. */
  async findingById(tenant: string, findingId: string): Promise<RaisedFinding | undefined> {
    const rows = await this.db.query<FindingRow>(
      `SELECT ${FINDING_COLUMNS} FROM findings FINAL WHERE tenant = {tenant:String} AND finding_id = {findingId:String} LIMIT 1`,
      { tenant, findingId },
    );
    return rows[0] && raisedFinding(tenant, rows[0]);
  }

  private async findingsOf(events: readonly LedgerEvent[]): Promise<RaisedFinding[]> {
    const sessions = new Map<string, Set<string>>();
    for (const event of events) sessions.set(event.tenant, (sessions.get(event.tenant) ?? new Set()).add(event.session_id));
    const out: RaisedFinding[] = [];
    for (const [tenant, ids] of sessions) {
      const rows = await this.db.query<FindingRow>(
        `SELECT ${FINDING_COLUMNS} FROM findings FINAL
         WHERE tenant = {tenant:String} AND session_id IN {sessions:Array(String)}`,
        { tenant, sessions: [...ids] },
      );
      for (const row of rows) out.push(raisedFinding(tenant, row));
    }
    return out;
  }
}

/** Provides LedgerNotifier to the whole app (the writer notifies, subscriptions listen). */
@Global()
@Module({ providers: [LedgerNotifier], exports: [LedgerNotifier] })
export class LedgerNotifierModule {}
