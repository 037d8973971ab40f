import { z } from 'zod';

/** `sha256:<64 hex>` — content and definitions are addressed by the hash of their canonical JSON. */
export const Sha256Ref = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected "sha256:" followed by 64 lowercase hex digits');

/**
 * A piece of content (tool result, resource contents, prompt messages, sampling result).
 * `hash` and `size_bytes` describe the whole redacted content; `body` may be cut to the
 * emitter's size bound, in which case `truncated` is true. The same bytes read in two
 * sessions have the same hash, which is what lets provenance connect them.
 */
export const ContentRef = z
  .object({
    hash: Sha256Ref,
    size_bytes: z.number().int().nonnegative(),
    mime_type: z.string().max(255).optional(),
    truncated: z.boolean(),
    /** Canonical JSON of the (redacted) content, possibly truncated. */
    body: z.string(),
  })
  .strict();
export type ContentRef = z.infer<typeof ContentRef>;

/** JSON-RPC error as the peer returned it. */
export const RpcError = z
  .object({
    code: z.number().int(),
    message: z.string(),
    data: z.unknown().optional(),
  })
  .strict();
export type RpcError = z.infer<typeof RpcError>;

/** JSON-RPC request id: OTel `jsonrpc.request.id` is always a string. */
export const RequestId = z.string().max(256);
