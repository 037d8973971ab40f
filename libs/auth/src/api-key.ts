import { createHash, randomBytes } from 'node:crypto';

/** API keys look like `mlk_<id>_<secret>`: the prefix makes a leaked key easy to scan for. */
export const API_KEY_PREFIX = 'mlk_';

export interface GeneratedApiKey {
  /** Public: shown in listings, used to revoke. */
  id: string;
  /** The bearer token, shown once at creation; only its hash is stored. */
  token: string;
}

export function generateApiKey(): GeneratedApiKey {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${API_KEY_PREFIX}${id}_${secret}` };
}

/**
 * What is stored and looked up. The secret part carries 256 random bits, so one SHA-256
 * is enough (a slow password hash protects low-entropy secrets; these are not). Lookup
 * by hash means the secret is never compared byte by byte against a stored value.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The bearer token of an `Authorization` header, or undefined when there is none. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value.trim());
  return match ? match[1] : '';
}

/** Three base64url segments: a JWS compact serialisation (a JWT), not an API key. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
