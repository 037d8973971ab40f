/** Keys whose string values describe the shape of content, not what it says. */
const STRUCTURAL_KEYS = new Set(['type', 'mimeType', 'mime_type', 'uri', 'annotations', 'role', 'isError']);
/** Keys that only wrap the text itself; other keys are shown as `key: value`. */
const WRAPPER_KEYS = new Set(['text', 'content', 'contents', 'body', 'value', 'data', 'messages', 'result']);

/**
 * The text a model would read in a ContentRef body: every string of the canonical JSON
 * value (a plain string, an MCP result `{content:[{type:'text',text}]}`, resource
 * contents, prompt messages), joined by newlines. A body cut by the emitter's size bound
 * is not valid JSON; its raw text is still what the model saw, so it is used as is.
 */
export function contentText(body: string): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return body;
  }
  const parts: string[] = [];
  collect(value, parts, 0);
  return parts.join('\n');
}

function collect(value: unknown, parts: string[], depth: number): void {
  if (depth > 32) return;
  if (typeof value === 'string') {
    parts.push(value);
  } else if (typeof value === 'number' || typeof value === 'boolean') {
    if (depth === 0) parts.push(String(value));
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, parts, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      if (STRUCTURAL_KEYS.has(key)) continue;
      // JSON field names are part of what the model reads ("instruction": "…").
      if ((typeof member === 'string' || typeof member === 'number') && !WRAPPER_KEYS.has(key)) parts.push(`${key}: ${String(member)}`);
      else collect(member, parts, depth + 1);
    }
  }
}
