/**
 * Bounds for values copied verbatim into events (tool arguments, prompt arguments,
 * params and results of `rpc.exchanged`). Content proper (tool results, resource
 * contents) goes through a ContentRef instead; these bounds keep an event with a
 * huge argument below roughly `maxTotalChars` of string data (default 64 Ki chars,
 * each string at most `maxStringChars`, default 4096), with at most `maxItems`
 * array items / object members per level and `maxDepth` levels. The hash of a value
 * is always taken before bounding, so it still identifies the full value.
 */
export interface ValueBounds {
  maxStringChars: number;
  maxTotalChars: number;
  maxItems: number;
  maxDepth: number;
}

export const DEFAULT_VALUE_BOUNDS: ValueBounds = {
  maxStringChars: 4096,
  maxTotalChars: 65536,
  maxItems: 1000,
  maxDepth: 32,
};

export function boundValue(value: unknown, bounds: ValueBounds = DEFAULT_VALUE_BOUNDS): unknown {
  return boundValueChecked(value, bounds).value;
}

/** As {@link boundValue}, telling whether anything was cut (if not, the copy serialises as the input). */
export function boundValueChecked(value: unknown, bounds: ValueBounds = DEFAULT_VALUE_BOUNDS): { value: unknown; truncated: boolean } {
  let truncated = false;
  let budget = bounds.maxTotalChars;

  const cutString = (text: string): string => {
    const limit = Math.max(0, Math.min(bounds.maxStringChars, budget));
    if (text.length <= limit) {
      budget -= text.length;
      return text;
    }
    budget -= limit;
    truncated = true;
    return `${text.slice(0, limit)}…[truncated ${text.length - limit} chars]`;
  };

  const walk = (item: unknown, depth: number): unknown => {
    if (typeof item === 'string') return cutString(item);
    if (item === null || typeof item !== 'object') return item;
    if (depth >= bounds.maxDepth) {
      truncated = true;
      return '[truncated: too deep]';
    }
    if (Array.isArray(item)) {
      const kept = item.slice(0, bounds.maxItems).map((member) => walk(member, depth + 1));
      if (item.length > bounds.maxItems) truncated = true;
      if (item.length > bounds.maxItems) kept.push(`[truncated ${item.length - bounds.maxItems} items]`);
      return kept;
    }
    const entries = Object.entries(item);
    const copy: Record<string, unknown> = {};
    for (const [key, member] of entries.slice(0, bounds.maxItems)) copy[key] = walk(member, depth + 1);
    if (entries.length > bounds.maxItems) truncated = true;
    if (entries.length > bounds.maxItems) copy['…'] = `[truncated ${entries.length - bounds.maxItems} members]`;
    return copy;
  };

  const copy = walk(value, 0);
  return { value: copy, truncated };
}
