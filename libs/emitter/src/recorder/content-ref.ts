import { canonicalJsonQuoted, quoteJson, sha256Ref, type ContentRef } from '@mcp-ledger/events';

/** Default bound of a ContentRef body, in UTF-8 bytes of canonical JSON. */
export const DEFAULT_MAX_CONTENT_BYTES = 65536;

/**
 * Builds the ContentRef of an already redacted value. `hash` and `size_bytes` describe
 * the whole value, so the same content read in two sessions gets the same address even
 * when its body was cut; the body is cut on a UTF-8 character boundary.
 */
export function buildContentRef(redacted: unknown, maxBytes: number, mimeType?: string, known?: Map<object, string>): ContentRef {
  // The body is canonical JSON stored as a string: its JSON literal comes from the same walk.
  const { json, quoted } = canonicalJsonQuoted(redacted);
  // Byte length without encoding: the buffer is only needed when the body must be cut.
  const size = Buffer.byteLength(json, 'utf8');
  const truncated = size > maxBytes;
  const hash = sha256Ref(json);
  const ref: ContentRef = {
    hash,
    size_bytes: size,
    truncated,
    body: truncated ? cutUtf8(Buffer.from(json, 'utf8'), maxBytes) : json,
  };
  if (mimeType !== undefined) ref.mime_type = mimeType.slice(0, 255);
  if (known !== undefined && !truncated) {
    // Members in canonical order: body, hash, mime_type, size_bytes, truncated.
    const mime = ref.mime_type === undefined ? '' : ',"mime_type":' + quoteJson(ref.mime_type);
    known.set(ref, '{"body":' + quoted + ',"hash":"' + hash + '"' + mime + ',"size_bytes":' + size + ',"truncated":false}');
  }
  return ref;
}

function cutUtf8(bytes: Buffer, maxBytes: number): string {
  let end = Math.max(0, maxBytes);
  // 0b10xxxxxx is a continuation byte: step back to the start of that character.
  while (end > 0 && end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

/**
 * The MIME type of MCP content when it is unambiguous: one item (resource contents or
 * content block) that declares it.
 */
export function singleMimeType(items: unknown): string | undefined {
  if (!Array.isArray(items) || items.length !== 1) return undefined;
  const only: unknown = items[0];
  if (only === null || typeof only !== 'object') return undefined;
  const mime = (only as Record<string, unknown>)['mimeType'];
  return typeof mime === 'string' ? mime : undefined;
}
