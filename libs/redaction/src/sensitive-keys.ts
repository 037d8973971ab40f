/**
 * Object keys whose string values are secrets whatever they look like. Keys are
 * normalised first (camelCase and kebab-case to snake_case, lower case); a key matches
 * when it ends with one of these words, so `db_password` and `x-api-key` match while
 * `max_tokens` and `token_count` do not.
 */
const SENSITIVE_KEY =
  /(?:^|_)(password|passwd|pwd|secret|client_secret|token|api_?key|authorization|private_key|private_key_id|secret_access_key)$/;

const keyKinds = new Map<string, string | null>();
const KEY_CACHE_LIMIT = 4096;

/** The mask name of a key named like a secret, if it is one; memoised, since the same keys come back in every message. */
export function sensitiveKeyKind(key: string): string | undefined {
  const cached = keyKinds.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const kind = keyKindOf(key);
  if (keyKinds.size >= KEY_CACHE_LIMIT) keyKinds.clear();
  keyKinds.set(key, kind ?? null);
  return kind;
}

function keyKindOf(key: string): string | undefined {
  const normalised = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s.]/g, '_')
    .toLowerCase();
  const match = SENSITIVE_KEY.exec(normalised);
  if (!match) return undefined;
  const word = match[1] ?? 'secret';
  return word === 'passwd' || word === 'pwd' ? 'password' : word.replace('apikey', 'api_key');
}
