/**
 * A position in a tenant's ingest order: `(ingested_at, id)` of the last event delivered.
 * `id` empty means "before every event ingested at `at`" (a start from `since`).
 * Opaque to clients: base64url of a small versioned JSON.
 */
export interface ExportPosition {
  /** `ingested_at` as ClickHouse `DateTime64(3, 'UTC')` text. */
  at: string;
  id: string;
}

const CURSOR_VERSION = 1;
const CLICKHOUSE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

export const START_POSITION: ExportPosition = { at: '1970-01-01 00:00:00.000', id: '' };

export function encodeCursor(position: ExportPosition): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, at: position.at, id: position.id })).toString('base64url');
}

/** The position of a cursor this endpoint issued, or undefined for anything else. */
export function decodeCursor(cursor: string): ExportPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const { v, at, id } = parsed as Record<string, unknown>;
  if (v !== CURSOR_VERSION || typeof at !== 'string' || !CLICKHOUSE_TIME.test(at) || typeof id !== 'string' || id.length > 128) return undefined;
  return { at, id };
}
