import { z } from 'zod';
import { ContentRef, RequestId, RpcError } from '../content.schema';

const Outcome = {
  'jsonrpc.request.id': RequestId.optional(),
  duration_ms: z.number().nonnegative(),
  error: RpcError.optional(),
};

export const ResourceReadData = z
  .object({
    'mcp.method.name': z.literal('resources/read'),
    'mcp.resource.uri': z.string().max(8192),
    contents: ContentRef.optional(),
    ...Outcome,
  })
  .strict();

export const PromptGotData = z
  .object({
    'mcp.method.name': z.literal('prompts/get'),
    'gen_ai.prompt.name': z.string().max(512),
    arguments: z.record(z.string(), z.unknown()).optional(),
    messages: ContentRef.optional(),
    ...Outcome,
  })
  .strict();

/** Server-to-client requests that put content in front of the model or the user. */
export const SamplingRequestedData = z
  .object({
    'mcp.method.name': z.literal('sampling/createMessage'),
    'jsonrpc.request.id': RequestId.optional(),
    request: ContentRef,
  })
  .strict();

export const SamplingCompletedData = z
  .object({
    'mcp.method.name': z.literal('sampling/createMessage'),
    result: ContentRef.optional(),
    ...Outcome,
  })
  .strict();

export const ElicitationRequestedData = z
  .object({
    'mcp.method.name': z.literal('elicitation/create'),
    'jsonrpc.request.id': RequestId.optional(),
    request: ContentRef,
  })
  .strict();

export const ElicitationCompletedData = z
  .object({
    'mcp.method.name': z.literal('elicitation/create'),
    /** `accept`, `decline` or `cancel` as the user answered. */
    action: z.string().optional(),
    result: ContentRef.optional(),
    ...Outcome,
  })
  .strict();

/** Host-side emitters only: what the user typed, and what the model produced. */
export const UserPromptData = z.object({ content: ContentRef }).strict();
export const ModelTurnData = z
  .object({
    content: ContentRef,
    /** Hashes of the content items the host had in the model's context for this turn. */
    context_hashes: z.array(z.string()).optional(),
  })
  .strict();
