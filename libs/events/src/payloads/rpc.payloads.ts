import { z } from 'zod';
import { RequestId, RpcError } from '../content.schema';

/**
 * Every MCP exchange the typed events do not cover (ping, logging, completion,
 * subscriptions, roots/list, progress, …): nothing on the wire goes unrecorded.
 */
export const RpcExchangedData = z
  .object({
    'mcp.method.name': z.string().max(256),
    'jsonrpc.request.id': RequestId.optional(),
    kind: z.enum(['request', 'notification']),
    /** Who sent the request or notification. */
    sender: z.enum(['client', 'server']),
    params: z.unknown().optional(),
    result: z.unknown().optional(),
    error: RpcError.optional(),
    duration_ms: z.number().nonnegative().optional(),
  })
  .strict();

export const RequestCancelledData = z
  .object({
    'jsonrpc.request.id': RequestId,
    /** The call the cancellation refers to, when it was a tool call. */
    call_id: z.string().optional(),
    reason: z.string().optional(),
    sender: z.enum(['client', 'server']),
  })
  .strict();

/** A response whose request the emitter never saw, or a message it could not classify. */
export const RpcUnmatchedData = z
  .object({
    'jsonrpc.request.id': RequestId.optional(),
    message: z.unknown(),
    sender: z.enum(['client', 'server']),
  })
  .strict();
