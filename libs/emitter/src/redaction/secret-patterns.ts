/**
 * Secret shapes the default redactor masks inside any string. Each pattern names its
 * `kind` (shown as `[REDACTED:<kind>]`). `keep` is the number of leading capture groups
 * kept verbatim, so context such as `Bearer ` or the user of a URL survives and an
 * analyst can still see what kind of credential was there.
 *
 * Order matters: PEM blocks and JWTs are masked before the shorter patterns could
 * match a piece of them.
 */
export interface SecretPattern {
  kind: string;
  pattern: RegExp;
  keep?: number;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    kind: 'private_key',
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----/g,
  },
  // scheme://user:pass@host: keep scheme and user, mask only the password.
  { kind: 'url_password', pattern: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(?=@)/gi, keep: 1 },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  { kind: 'aws_access_key_id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  // The 40-character secret is only recognisable next to its key name.
  {
    kind: 'aws_secret_access_key',
    pattern: /(\b(?:aws_?)?secret_?access_?key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
    keep: 1,
  },
  { kind: 'github_token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { kind: 'slack_token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { kind: 'anthropic_api_key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai_api_key', pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g },
  { kind: 'google_api_key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { kind: 'stripe_key', pattern: /\b(?:sk|rk)_live_[0-9A-Za-z]{16,}\b/g },
  // Sixteen characters at least, so prose such as "the bearer of bad news" stays.
  { kind: 'bearer_token', pattern: /(\bBearer\s+)[A-Za-z0-9\-._~+/]{16,}=*/gi, keep: 1 },
];

/**
 * A necessary condition of every pattern above, checked first in one pass: each pattern
 * needs one of these literals (case-insensitively here, which only lets more strings
 * through to the full check). Most strings (prose, ids, code) contain none, and skip the
 * twelve patterns. Keep it in step with SECRET_PATTERNS (the redactor spec has a secret of every kind).
 */
export const SECRET_PRECHECK = /-----BEGIN |:\/\/|eyJ|AKIA|ASIA|secret|gh[pousr]_|github_pat_|xox[abprs]-|sk-|AIza|_live_|bearer/i;

/**
 * Object keys whose string values are secrets whatever they look like. Keys are
 * normalised first (camelCase and kebab-case to snake_case, lower case); a key matches
 * when it ends with one of these words, so `db_password` and `x-api-key` match while
 * `max_tokens` and `token_count` do not.
 */
const SENSITIVE_KEY = /(?:^|_)(password|passwd|pwd|secret|client_secret|token|api_?key|authorization|private_key|secret_access_key)$/;

const keyKinds = new Map<string, string | null>();
const KEY_CACHE_LIMIT = 4096;

/** Kind of secret a key names, if any; memoised, since the same keys come back in every message. */
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
