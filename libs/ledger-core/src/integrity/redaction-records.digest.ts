import { hash as oneShotHash } from 'node:crypto';
import { canonicalJson, sha256Ref } from '@mcp-ledger/events';

/** One event of a session whose `ledger_redaction` is not '' (ADR 0015). */
export interface RedactionRecordRow {
  seq: number;
  id: string;
  /** The `ledger_redaction` column as stored. */
  ledgerRedaction: string;
}

const sha256Hex = (text: string) => oneShotHash('sha256', text, 'hex');

/**
 * The digest a version-2 checkpoint head signs over a session's ledger redaction records
 * in its checkpointed prefix: '' when there are none, else `sha256Ref` of the canonical
 * JSON of `[[seq, sha256 hex of the event id, sha256 hex of ledger_redaction], …]` sorted
 * by seq, then id hash. The id and the record enter as hex digests because the engine
 * computes this digest (`redactionRecordsDigestSql`), and hex needs no JSON escaping there
 * to come out byte for byte as here. This is the reference for an outside verifier.
 */
export function redactionRecordsDigest(records: readonly RedactionRecordRow[]): string {
  if (records.length === 0) return '';
  const entries = records.map((r): [number, string, string] => [r.seq, sha256Hex(r.id), sha256Hex(r.ledgerRedaction)]);
  entries.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  return sha256Ref(canonicalJson(entries));
}

/** An `events` row as `redactionRecordsDigestSql` takes it: (seq, id hash, record hash), in the order it sorts by. */
export const REDACTION_RECORD_SQL = 'tuple(seq, lower(hex(SHA256(id))), lower(hex(SHA256(ledger_redaction))))';

/**
 * `redactionRecordsDigest` in ClickHouse SQL, over `records`: an expression of type
 * Array(Tuple(UInt64, String, String)) built from REDACTION_RECORD_SQL. A fixed fragment,
 * never input: callers pass their own column or array expression.
 */
export function redactionRecordsDigestSql(records: string): string {
  const json = `concat('[', arrayStringConcat(arrayMap(r -> concat('[', toString(r.1), ',"', r.2, '","', r.3, '"]'), arraySort(${records})), ','), ']')`;
  return `if(empty(${records}), '', concat('sha256:', lower(hex(SHA256(${json})))))`;
}
