import { canonicalJson, hashJson, type ContentRef } from '@mcp-ledger/events';

const encoder = new TextEncoder();

/** A ContentRef for a JSON value, whole (importers have no size bound to apply). */
export function contentRefOf(value: unknown, mimeType?: string): ContentRef {
  const body = canonicalJson(value);
  return {
    hash: hashJson(value),
    size_bytes: encoder.encode(body).length,
    ...(mimeType === undefined ? {} : { mime_type: mimeType }),
    truncated: false,
    body,
  };
}

/** The MCP `tools/call` result shape an emitter would have recorded for a text result. */
export function textToolResult(text: string, isError: boolean): Record<string, unknown> {
  return { content: [{ type: 'text', text }], ...(isError ? { isError: true } : {}) };
}
