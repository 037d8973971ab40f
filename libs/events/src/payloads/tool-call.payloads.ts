import { z } from 'zod';
import { ContentRef, RequestId, RpcError, Sha256Ref } from '../content.schema';

/**
 * `call_id` pairs a call's events. Emitters make it unique within the session (the
 * JSON-RPC id can be reused once a request has completed); importers keep their own id.
 */
const CallKey = {
  call_id: z.string().min(1).max(256),
  'jsonrpc.request.id': RequestId.optional(),
  'gen_ai.tool.name': z.string().min(1).max(512),
};

export const ToolCallRequestedData = z
  .object({
    ...CallKey,
    'mcp.method.name': z.literal('tools/call'),
    arguments: z.record(z.string(), z.unknown()),
    arguments_hash: Sha256Ref,
    /** The definition in force (the latest tools/list the emitter saw for this tool). */
    tool_definition_hash: Sha256Ref.optional(),
  })
  .strict();

export const ToolCallCompletedData = z
  .object({
    ...CallKey,
    /** MCP's own `isError`: the tool ran and reported a failure in its result. */
    is_error: z.boolean(),
    result: ContentRef,
    duration_ms: z.number().nonnegative(),
  })
  .strict();

export const ToolCallFailedData = z
  .object({
    ...CallKey,
    error: RpcError,
    /** OTel `error.type`: the JSON-RPC error code as a string, or `cancelled` / `timeout`. */
    'error.type': z.string(),
    duration_ms: z.number().nonnegative(),
  })
  .strict();
