import { createRemoteJWKSet, customFetch, type FetchImplementation, type JWTVerifyGetKey } from 'jose';

/** Fetched keys are trusted this long; a token naming a `kid` they lack refetches sooner (at most every 30 s, jose's cooldown). */
const CACHE_MAX_AGE_MS = 10 * 60_000;

/** The issuer's keys could not be fetched. It says nothing about the token being checked. */
export class IssuerKeysUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`the JSON Web Key Set could not be fetched: ${reason}`);
    this.name = 'IssuerKeysUnavailable';
  }
}

export interface RemoteKeySetOptions {
  /** Told the reason once per outage: on the first failure, and again on the first after a success. */
  onUnavailable?: (reason: string) => void;
  /** The HTTP client; node's fetch (which trusts NODE_EXTRA_CA_CERTS) by default. */
  fetch?: FetchImplementation;
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer within the timeout';
  // undici reports every connection failure as "fetch failed"; the cause says which (refused, TLS, DNS).
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

/** The shape jose's createLocalJWKSet insists on; checked here so a bad answer is an outage, not a bad token. */
function isJwkSet(body: unknown): boolean {
  const keys = (body as { keys?: unknown } | null)?.keys;
  return typeof body === 'object' && Array.isArray(keys) && keys.every((key) => typeof key === 'object' && key !== null && !Array.isArray(key));
}

/**
 * The keys an issuer publishes at an https URL (see jwksLocation for which URLs are allowed),
 * cached by jose. Every way a fetch can fail — no connection, an untrusted certificate, a
 * timeout, a redirect (never followed: it could lead to plain http), a status other than 200,
 * an answer that is not a JWKS — surfaces as IssuerKeysUnavailable, so the verifier can tell
 * "cannot check the token now" from "the token is bad".
 */
export function remoteKeySet(url: URL, options: RemoteKeySetOptions = {}): JWTVerifyGetKey {
  const fetchKeys = options.fetch ?? fetch;
  let available = true;
  const unavailable = (reason: string) => {
    if (available) options.onUnavailable?.(reason);
    available = false;
    return new IssuerKeysUnavailable(reason);
  };
  const checkedFetch: FetchImplementation = async (href, init) => {
    let status: number;
    let text: string;
    try {
      const response = await fetchKeys(href, init);
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw unavailable(reasonOf(error));
    }
    if (status >= 300 && status < 400) throw unavailable(`answered HTTP ${status}, a redirect (not followed: publish the JWKS at the configured URL)`);
    if (status !== 200) throw unavailable(`answered HTTP ${status}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw unavailable(`the answer is not JSON (${(error as Error).message})`);
    }
    if (!isJwkSet(body)) throw unavailable('the answer is not a JSON Web Key Set ({"keys": [...]})');
    available = true;
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return createRemoteJWKSet(url, { cacheMaxAge: CACHE_MAX_AGE_MS, [customFetch]: checkedFetch });
}
