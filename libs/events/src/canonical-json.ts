/**
 * Canonical JSON: object keys sorted by code unit, no insignificant whitespace, `undefined`
 * members dropped (as JSON.stringify does). Hashes are taken over this form so that two
 * emitters in different languages hash the same value identically.
 *
 * The exact rules (pinned by specs and golden fixtures, do not change them):
 * - primitives as `JSON.stringify` writes them; a value it cannot write (`undefined`, a
 *   function, a symbol) is `null`, at the top level, in arrays and as an object member;
 * - objects with a `toJSON` method (not arrays) are replaced by its result;
 * - object members whose value is `undefined` are dropped, keys sorted as `.sort()` does
 *   (UTF-16 code units).
 *
 * HOT PATH (every event is hashed over this form): plain string concatenation, no
 * intermediate arrays beyond the key list, keys sorted only when there are two or more.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') return primitiveJson(value);
  return objectJson(value);
}

/**
 * Strings JSON.stringify writes unchanged between quotes: no `"`, `\\`, control
 * character or (possibly lone) surrogate. One tight regex scan is several times cheaper
 * than JSON.stringify's per-character escaping, and most strings (prose, ids) pass it.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NOTHING_TO_ESCAPE = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** `JSON.stringify(text)`, faster when there is nothing to escape. */
export function quote(text: string): string {
  return NOTHING_TO_ESCAPE.test(text) ? '"' + text + '"' : JSON.stringify(text);
}

function primitiveJson(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  // JSON.stringify(undefined) is undefined; inside arrays it becomes null, as here.
  return text === undefined ? 'null' : text;
}

function memberJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : objectJson(value);
    default:
      return primitiveJson(value);
  }
}

/** Set only during {@link canonicalJsonWith}: canonical JSON the caller already has, by object. */
let knownJson: ReadonlyMap<object, string> | undefined;

/**
 * `canonicalJson(value)`, taking the canonical JSON of some objects inside `value` from
 * `known` instead of walking them again (e.g. tool arguments serialised for their hash).
 * The caller guarantees `known.get(o) === canonicalJson(o)` for every entry.
 */
export function canonicalJsonWith(value: unknown, known: ReadonlyMap<object, string>): string {
  const outer = knownJson;
  knownJson = known;
  try {
    return canonicalJson(value);
  } finally {
    knownJson = outer;
  }
}

function objectJson(value: object): string {
  if (knownJson !== undefined) {
    const hit = knownJson.get(value);
    if (hit !== undefined) return hit;
  }
  if (Array.isArray(value)) {
    const length = value.length;
    if (length === 0) return '[]';
    let out = '[' + memberJson(value[0]);
    for (let i = 1; i < length; i += 1) out += ',' + memberJson(value[i]);
    return out + ']';
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) sortKeys(keys);
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    const member = record[key];
    if (member === undefined) continue;
    out += (first ? '' : ',') + quote(key) + ':' + memberJson(member);
    first = false;
  }
  return out + '}';
}

/**
 * Sorts keys in place by UTF-16 code units, exactly as the default `.sort()` does (for
 * strings `<` compares code units too). Insertion sort for the short key lists of
 * events, which beats the generic sort's string conversions; `.sort()` beyond that.
 */
export function sortKeys(keys: string[]): void {
  const length = keys.length;
  if (length > 16) {
    keys.sort();
    return;
  }
  for (let i = 1; i < length; i += 1) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j -= 1;
    }
    keys[j + 1] = key;
  }
}

/** Escaped form (without its outer quotes) of the last value {@link dualJson} returned. */
let quotedPiece = '';

/**
 * The canonical JSON of `value` and that text as a JSON string literal, in one walk:
 * `quoted === JSON.stringify(json)`. Used where canonical JSON is itself stored as a
 * string member (a ContentRef `body`): the literal is assembled from the same pieces
 * instead of escaping the finished text again, character by character.
 */
export function canonicalJsonQuoted(value: unknown): { json: string; quoted: string } {
  const json = dualJson(value);
  return { json, quoted: '"' + quotedPiece + '"' };
}

function dualJson(value: unknown): string {
  switch (typeof value) {
    case 'string': {
      if (NOTHING_TO_ESCAPE.test(value)) {
        quotedPiece = '\\"' + value + '\\"';
        return '"' + value + '"';
      }
      const json = JSON.stringify(value);
      quotedPiece = JSON.stringify(json).slice(1, -1);
      return json;
    }
    case 'object':
      if (value === null) break;
      return dualObjectJson(value);
    default:
      break;
  }
  // null, numbers, booleans, and what JSON cannot write (null): nothing to escape.
  const json = memberJson(value);
  quotedPiece = json;
  return json;
}

function dualObjectJson(value: object): string {
  if (Array.isArray(value)) {
    let json = '[';
    let quoted = '[';
    for (let i = 0; i < value.length; i += 1) {
      const separator = i === 0 ? '' : ',';
      json += separator + dualJson(value[i]);
      quoted += separator + quotedPiece;
    }
    quotedPiece = quoted + ']';
    return json + ']';
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return dualJson((value as { toJSON: () => unknown }).toJSON());
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) sortKeys(keys);
  let json = '{';
  let quoted = '{';
  let first = true;
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    const member = record[key];
    if (member === undefined) continue;
    const separator = first ? '' : ',';
    const keyJson = dualJson(key);
    const keyQuoted = quotedPiece;
    json += separator + keyJson + ':' + dualJson(member);
    quoted += separator + keyQuoted + ':' + quotedPiece;
    first = false;
  }
  quotedPiece = quoted + '}';
  return json + '}';
}
