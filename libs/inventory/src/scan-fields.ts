/** One string of a tool definition that a model reads, with where it came from. */
export interface ScannedField {
  field: string;
  text: string;
}

/** Schema keywords whose string values are machine syntax, not prose a model reads. */
const SYNTAX_KEYS = new Set(['type', '$schema', '$ref', '$id', '$anchor', 'format', 'pattern', 'required', 'contentEncoding', 'contentMediaType']);

const MAX_DEPTH = 24;

/**
 * Every prose string of a definition: description, title, annotations and every string
 * inside inputSchema (descriptions, titles, defaults, enums, examples). Poisoning in a
 * parameter's description reaches the model as surely as the tool's own description.
 */
export function scannedFields(tool: { description?: string; title?: string; inputSchema?: unknown; annotations?: unknown }): ScannedField[] {
  const fields: ScannedField[] = [];
  if (typeof tool.description === 'string') fields.push({ field: 'description', text: tool.description });
  if (typeof tool.title === 'string') fields.push({ field: 'title', text: tool.title });
  collect(tool.annotations, 'annotations', fields, 0);
  collect(tool.inputSchema, 'inputSchema', fields, 0);
  return fields;
}

function collect(value: unknown, path: string, out: ScannedField[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    if (value.trim() !== '') out.push({ field: path, text: value });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, `${path}[${index}]`, out, depth + 1));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (SYNTAX_KEYS.has(key) && typeof child !== 'object') continue;
    if (key === 'required') continue;
    collect(child, `${path}${pathSegment(key)}`, out, depth + 1);
  }
}

function pathSegment(key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
