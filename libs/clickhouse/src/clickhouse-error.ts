/**
 * Error names (ClickHouse `type`) and Node socket codes worth retrying with backoff: the
 * query may well succeed unchanged once the server, network or merge backlog recovers.
 * Anything else (syntax, types, unknown table, bad parameter) will fail the same way
 * again and must surface as a permanent error.
 */
const RETRYABLE_CLICKHOUSE_TYPES = new Set([
  'TOO_MANY_PARTS',
  'TOO_MANY_SIMULTANEOUS_QUERIES',
  'TIMEOUT_EXCEEDED',
  'SOCKET_TIMEOUT',
  'NETWORK_ERROR',
  'ALL_CONNECTION_TRIES_FAILED',
  'MEMORY_LIMIT_EXCEEDED',
  'TABLE_IS_READ_ONLY',
  'KEEPER_EXCEPTION',
  'NO_FREE_CONNECTION',
]);
const RETRYABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/** A failed database operation, classified once so callers can decide: retry, or give up. */
export class ClickHouseError extends Error {
  override readonly name = 'ClickHouseError';
  /** True when the same operation may succeed if retried later (network, timeouts, too many parts). */
  readonly retryable: boolean;
  /** ClickHouse error name (e.g. `SYNTAX_ERROR`), a Node socket code, or a code of this library. */
  readonly code: string | undefined;

  constructor(message: string, options: { retryable: boolean; code?: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable;
    this.code = options.code;
  }
}

function field(error: unknown, name: string): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Wraps whatever the client threw. `operation` names what was attempted (never the
 * bound parameter values, which may be sensitive).
 */
export function toClickHouseError(error: unknown, operation: string): ClickHouseError {
  if (error instanceof ClickHouseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // @clickhouse/client's own ClickHouseError carries the server's error name in `type`.
  const type = field(error, 'type');
  const socketCode = field(error, 'code') ?? field((error as { cause?: unknown })?.cause, 'code');
  const timedOut = /timeout/i.test(message) && type === undefined;
  const retryable =
    (type !== undefined && RETRYABLE_CLICKHOUSE_TYPES.has(type)) ||
    (socketCode !== undefined && RETRYABLE_SOCKET_CODES.has(socketCode)) ||
    timedOut;
  return new ClickHouseError(`${operation}: ${message}`, {
    retryable,
    code: type ?? (socketCode && Number.isNaN(Number(socketCode)) ? socketCode : undefined),
    cause: error,
  });
}
