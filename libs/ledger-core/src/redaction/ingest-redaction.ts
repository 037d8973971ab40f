import { canonicalJson, type LedgerEvent } from '@mcp-ledger/events';
import type { EventRow } from '@mcp-ledger/projections';
import type { FindingRow } from '../provenance/provenance-rows';
import { redactEventAtIngest, type LedgerRedactionRecord } from './ledger-redaction';
import { secretInClearFinding } from './secret-in-clear.finding';

export interface IngestRecheck {
  /** The batch as it is to be stored and projected: redacted where something slipped through. */
  events: LedgerEvent[];
  /** By event id, for the events the ledger changed. */
  records: ReadonlyMap<string, LedgerRedactionRecord>;
  /** One `secret_in_clear` finding per changed event. */
  findings: FindingRow[];
}

/**
 * The ledger's second look for secrets, before anything of a batch is written: the
 * projections, the `events` rows and every analyser see the redacted events only. Counts
 * what slipped through per detector for the life of the process (`slips()`); the durable
 * count is the `secret_in_clear` findings and the `events.ledger_redaction` column.
 */
export class IngestRedaction {
  private readonly slipCounts = new Map<string, number>();

  recheck(events: readonly LedgerEvent[]): IngestRecheck {
    const records = new Map<string, LedgerRedactionRecord>();
    const findings: FindingRow[] = [];
    const stored = events.map((received) => {
      const { event, record } = redactEventAtIngest(received);
      if (record === undefined) return received;
      records.set(event.id, record);
      findings.push(secretInClearFinding(event, record));
      for (const { detector } of record.redactions) this.slipCounts.set(detector, (this.slipCounts.get(detector) ?? 0) + 1);
      return event;
    });
    return { events: stored, records, findings };
  }

  /** Secrets masked at ingest since start, by detector (a redelivered batch counts again). */
  slips(): Record<string, number> {
    return Object.fromEntries([...this.slipCounts].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}

/** The `events` row with its `ledger_redaction` column (migration 0010): `''` for an event stored as received. */
export const withLedgerRedaction = (row: EventRow, record: LedgerRedactionRecord | undefined): EventRow & { ledger_redaction: string } => ({
  ...row,
  ledger_redaction: record === undefined ? '' : canonicalJson(record),
});
