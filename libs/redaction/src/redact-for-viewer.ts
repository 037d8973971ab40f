/**
 * What a caller without the `analyst` role sees of arguments and results: the same keys,
 * arrays and nesting, every string and number replaced by `[REDACTED:<reason>]`, so the
 * shape of a call (which arguments, how many items) stays visible and no value does.
 * Booleans and null stay: they carry no data worth hiding and keep flags readable.
 * Strings that are JSON text (a ContentRef body) are masked whole, like any string.
 *
 * @example
 * redactForViewer({ path: '/etc/passwd', limit: 10, recursive: true });
 * // { path: '[REDACTED:role]', limit: '[REDACTED:role]', recursive: true }
 */
export function redactForViewer(value: unknown, reason = 'role'): unknown {
  const mask = `[REDACTED:${reason}]`;
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint') return mask;
    if (node === null || typeof node !== 'object') return node;
    // Deeper than any real argument: hide the rest whole rather than recurse without bound.
    if (depth >= 128) return mask;
    if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(node)) copy[key] = walk((node as Record<string, unknown>)[key], depth + 1);
    return copy;
  };
  return walk(value, 0);
}
