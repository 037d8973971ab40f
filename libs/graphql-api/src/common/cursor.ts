import { fromClickHouseTime, toClickHouseTime } from '@mcp-ledger/projections';
import { badInput } from './api-errors';

/** Opaque cursors and ids: base64url JSON arrays of strings, checked on the way in. */
export function encodeKey(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeKey(text: string, arity: number, what: string): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badInput(`${what} ${JSON.stringify(text.slice(0, 64))} is not valid`);
  }
  if (!Array.isArray(parts) || parts.length !== arity || parts.some((part) => typeof part !== 'string')) {
    throw badInput(`${what} ${JSON.stringify(text.slice(0, 64))} is not valid`);
  }
  return parts as string[];
}

/**
 * A page cursor whose first part is a row time as the store prints it. The time is bound
 * as a `DateTime64` parameter, which the store fails to parse as an internal error: a
 * cursor that is not one this API issued is refused here instead.
 */
export function decodeTimeCursor(text: string, arity: number): string[] {
  const parts = decodeKey(text, arity, 'cursor');
  if (!isStoreTime(parts[0] ?? '')) throw badInput(`cursor ${JSON.stringify(text.slice(0, 64))} is not valid`);
  return parts;
}

function isStoreTime(text: string): boolean {
  try {
    // Round trip: refuses what only looks like a time (month 13, 24:00, Feb 30).
    return toClickHouseTime(fromClickHouseTime(text)).slice(0, 19) === text.slice(0, 19);
  } catch {
    return false;
  }
}
