import { hasPermission } from '@mcp-ledger/auth';
import type { FieldMiddleware, MiddlewareContext, NextFn } from '@nestjs/graphql';
import { redactForViewer } from '@mcp-ledger/redaction';
import type { RequestContext } from './request-context';

/**
 * On fields that carry what agents sent and read (arguments, results, content, evidence):
 * callers without `read_content` (viewers, approvers) get the value's shape with every
 * value masked. Analysts and admins get it as stored (already secret-redacted).
 */
export const contentAccess: FieldMiddleware = async (ctx: MiddlewareContext<unknown, RequestContext>, next: NextFn) => {
  const value: unknown = await next();
  if (value === null || value === undefined) return value;
  if (hasPermission(ctx.context.caller.principal, 'read_content')) return value;
  return redactForViewer(value);
};
