import { hasPermission } from '@mcp-ledger/auth';
import type { FieldMiddleware, MiddlewareContext, NextFn } from '@nestjs/graphql';
import type { RequestContext } from './request-context';

const MASK = '[REDACTED:role]';

/** Keeps the shape (keys, array lengths, types of non-text values) and masks every value. */
export function maskValues(value: unknown): unknown {
  if (typeof value === 'string') return MASK;
  if (typeof value === 'number' || typeof value === 'bigint') return MASK;
  if (Array.isArray(value)) return value.map(maskValues);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, maskValues(inner)]));
  }
  return value;
}

/**
 * On fields that carry what agents sent and read (arguments, results, content, evidence):
 * callers without `read_content` (viewers, approvers) get the value's shape with every
 * value masked. Analysts and admins get it as stored (already secret-redacted).
 */
export const contentAccess: FieldMiddleware = async (ctx: MiddlewareContext<unknown, RequestContext>, next: NextFn) => {
  const value: unknown = await next();
  if (value === null || value === undefined) return value;
  if (hasPermission(ctx.context.caller.principal, 'read_content')) return value;
  return maskValues(value);
};
