/** Where the JWT issuer's public keys come from (`LEDGER_JWKS`), or why a value is refused. */
export type JwksLocation = { kind: 'file'; path: string } | { kind: 'url'; url: URL } | { kind: 'refused'; reason: string };

/** `scheme://…`, or anything starting `http:` / `https:` (a mistyped URL must not be read as a file name). */
const LOOKS_LIKE_URL = /^(?:[a-z][a-z0-9+.-]+:\/\/|https?:)/i;

/**
 * Classifies a `LEDGER_JWKS` value: a file path, or an https:// URL the issuer publishes its
 * keys at. Whoever controls those keys can mint a token for any tenant, so the URL form is
 * strict: https only, never plain http — loopback included, since `localhost` is resolved
 * like any other name and a file covers local development — and no credentials in the URL,
 * which is logged (a JWKS is public by design).
 */
export function jwksLocation(value: string): JwksLocation {
  if (!LOOKS_LIKE_URL.test(value)) return { kind: 'file', path: value };
  if (!URL.canParse(value)) return { kind: 'refused', reason: 'not a valid URL: expected https://<issuer>/<path> or a JWKS file path' };
  const url = new URL(value);
  if (url.protocol === 'http:') {
    return {
      kind: 'refused',
      reason: 'plain http is refused: whoever can alter the answer could add a key and mint tokens; use an https:// URL or a JWKS file',
    };
  }
  if (url.protocol !== 'https:') return { kind: 'refused', reason: `${url.protocol} URLs are not supported: expected an https:// URL or a JWKS file path` };
  if (url.username !== '' || url.password !== '') return { kind: 'refused', reason: 'the URL must not carry credentials: a JWKS is public, and this value is logged' };
  return { kind: 'url', url };
}
