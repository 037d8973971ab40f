import { Inject, Injectable, Optional } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent } from '@mcp-ledger/events';
import { PROJECTION_TABLES, projectEvents, toEventRow } from '@mcp-ledger/projections';
import { LedgerNotifier } from '../approvals/ledger-notifier';
import { LEDGER_DATABASE } from '../database/database.module';
import { EgressAnalyser } from '../governance/egress.analyser';
import { PolicyViolationAnalyser } from '../governance/policy-violation.analyser';
import { UnapprovedHighRiskAnalyser } from '../governance/unapproved-high-risk.analyser';
import { ChainBreakAnalyser } from '../integrity/chain-break.analyser';
import { InventoryAnalyser } from '../inventory/inventory.analyser';
import { ProvenanceAnalyser } from '../provenance/provenance.analyser';
import { IngestRedaction, withLedgerRedaction } from '../redaction/ingest-redaction';

/**
 * Writes a batch of validated events durably: every projection, then the event store.
 * Shared by the embedded ledger's HTTP ingest and the Kafka projector, so both run the
 * very same projection code and commit order.
 *
 * Order matters for "nothing acknowledged is lost": projections are written first (they
 * are idempotent), then the `events` rows, then the analysers of the batch (provenance, inventory, policy
 * violations, sensitive-data egress). If the process dies in between, the batch was
 * not acknowledged (no 202, no committed offset), is delivered again, is found missing
 * from `events` and stored; re-projected rows merge into the same values.
 */
@Injectable()
export class EventStoreWriter {
  /** Public for its `slips()` counter. */
  readonly redaction = new IngestRedaction();

  constructor(
    @Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase,
    private readonly provenance: ProvenanceAnalyser,
    private readonly inventory: InventoryAnalyser,
    private readonly policyViolations: PolicyViolationAnalyser,
    private readonly egress: EgressAnalyser,
    private readonly chainBreaks: ChainBreakAnalyser,
    private readonly unapprovedHighRisk: UnapprovedHighRiskAnalyser,
    /** Subscriptions of this process (the embedded ledger; the distributed API tails the OCSF topic instead, ADR 0018). */
    @Optional() private readonly notifier?: LedgerNotifier,
  ) {}

  /** Resolves with the ids that were already stored before this call. */
  async commit(events: readonly LedgerEvent[]): Promise<Set<string>> {
    const received = [...new Map(events.map((event) => [event.id, event])).values()];
    if (received.length === 0) return new Set();
    // Secrets that slipped past the emitter are masked before anything is written (ADR 0015).
    const { events: unique, records, findings } = this.redaction.recheck(received);
    const rows = projectEvents(unique);
    await Promise.all(PROJECTION_TABLES.map((table) => this.db.insert(table, rows[table])));
    const stored = await this.storedIds(unique);
    await this.db.insert('events', unique.filter((event) => !stored.has(event.id)).map((event) => withLedgerRedaction(toEventRow(event), records.get(event.id))));
    await this.db.insert('findings', findings);
    const known = await this.notifier?.beforeAnalysis(unique);
    // After the events: a crash here re-delivers the batch, and the analysis is deterministic.
    await this.provenance.analyseAndStore(unique);
    await this.inventory.analyseAndStore(unique);
    await this.policyViolations.analyseAndStore(unique);
    await this.egress.analyseAndStore(unique);
    await this.unapprovedHighRisk.analyseAndStore(unique);
    // The chain is judged on the events as their emitter sealed them.
    await this.chainBreaks.analyseAndStore(received);
    await this.notifier?.committed(unique, known);
    return stored;
  }

  /** Ids of these events already in the store: a keyed lookup on (tenant, id). */
  private async storedIds(events: readonly LedgerEvent[]): Promise<Set<string>> {
    const idsByTenant = new Map<string, string[]>();
    for (const event of events) {
      const ids = idsByTenant.get(event.tenant) ?? [];
      ids.push(event.id);
      idsByTenant.set(event.tenant, ids);
    }
    const stored = new Set<string>();
    for (const [tenant, ids] of idsByTenant) {
      const rows = await this.db.query<{ id: string }>(
        'SELECT id FROM events WHERE tenant = {tenant:String} AND id IN {ids:Array(String)}',
        { tenant, ids },
      );
      for (const row of rows) stored.add(row.id);
    }
    return stored;
  }
}
