import type { ChainProblem, StoredChainEvent } from '@mcp-ledger/events';
import type { LedgerRedactionRecord } from './ledger-redaction';

/** A stored `events` row as the verifier reads it, with its `ledger_redaction` column. */
export interface StoredEventWithRedaction extends StoredChainEvent {
  /** `''` for an event stored as received. */
  ledgerRedaction: string;
}

export interface ChainInput {
  /** What `verifySessionChain` checks: ledger-redacted events by their stored hash, their successors' links translated. */
  events: StoredChainEvent[];
  /** Events whose content is vouched for by the ledger's redaction record rather than the emitter's hash. */
  ledgerRedacted: number;
  /** Records that do not match the stored payload. */
  problems: ChainProblem[];
}

/**
 * Prepares a session's stored events for chain verification when some were redacted by
 * the ledger at ingest (ADR 0015). Such an event keeps the emitter's `hash`, which its
 * successor links to, but its payload no longer hashes to it. Its content is checked
 * against the record's `stored_hash` instead, and the successor's link to the emitter's
 * hash is read as a link to the stored hash, so every other check (edited, inserted,
 * reordered, deleted) runs unchanged. Each listed redaction must also be visible in the
 * payload (the mask at that JSON Pointer).
 */
export function chainInputWithLedgerRedaction(rows: readonly StoredEventWithRedaction[]): ChainInput {
  const storedHashOf = new Map<string, string>();
  const problems: ChainProblem[] = [];
  const records = new Map<StoredEventWithRedaction, LedgerRedactionRecord>();
  for (const row of rows) {
    if (row.ledgerRedaction === '') continue;
    const record = parseRecord(row.ledgerRedaction);
    if (record === undefined) {
      problems.push({ kind: 'edited', seq: row.seq, eventId: row.id, detail: 'ledger_redaction is not a valid redaction record' });
      continue;
    }
    const missing = record.redactions.find((entry) => !maskVisible(row.payload, entry.path, entry.detector));
    if (missing !== undefined) {
      problems.push({ kind: 'edited', seq: row.seq, eventId: row.id, detail: `ledger_redaction lists ${missing.detector} at ${missing.path}, but the stored payload has no such mask there` });
    }
    records.set(row, record);
    storedHashOf.set(row.hash, record.stored_hash);
  }
  const events = rows.map((row): StoredChainEvent => {
    const record = records.get(row);
    return {
      id: row.id,
      seq: row.seq,
      hash: record?.stored_hash ?? row.hash,
      prevHash: storedHashOf.get(row.prevHash) ?? row.prevHash,
      payload: row.payload,
    };
  });
  return { events, ledgerRedacted: records.size, problems };
}

/** The `ledger_redaction` column's record, or undefined when it is not a valid one. */
export function parseRecord(text: string): LedgerRedactionRecord | undefined {
  try {
    const record = JSON.parse(text) as Partial<LedgerRedactionRecord>;
    const valid =
      record.by === 'ledger' &&
      record.version === 1 &&
      typeof record.stored_hash === 'string' &&
      Array.isArray(record.redactions) &&
      record.redactions.every((entry) => typeof entry?.path === 'string' && typeof entry?.detector === 'string');
    return valid ? (record as LedgerRedactionRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the string at `path` (RFC 6901) of the payload holds the mask of `detector`. */
function maskVisible(payload: string, path: string, detector: string): boolean {
  let node: unknown;
  try {
    node = JSON.parse(payload);
  } catch {
    return false;
  }
  for (const token of path.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return typeof node === 'string' && node.includes(`[REDACTED:${detector}]`);
}
