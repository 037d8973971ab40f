/**
 * A copy without `undefined` or `null` object members, at any depth. The OCSF schemas reject
 * `null`, and an absent optional field must be absent rather than null. Array items are kept
 * (a null inside an argument array is data); values under `opaqueKeys` are copied untouched.
 */
export function compact<T>(value: T, opaqueKeys: ReadonlySet<string> = OPAQUE_KEYS): T {
  if (Array.isArray(value)) return value.map((item) => compact(item, opaqueKeys)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || item === null) continue;
    out[key] = opaqueKeys.has(key) ? item : compact(item, opaqueKeys);
  }
  return out as T;
}

/** Free-form values (`json_t` and open objects in OCSF): recorded data, never reshaped. */
const OPAQUE_KEYS = new Set(['data', 'unmapped']);
