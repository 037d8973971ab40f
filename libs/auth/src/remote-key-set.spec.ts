import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type FetchImplementation, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from './auth-error';
import { createJwtVerifier } from './jwt-verifier';

const issuer = 'https://idp.test';
const audience = 'mcp-ledger';
const JWKS_URL = 'https://idp.test/.well-known/jwks.json';
const claims = { sub: 'alice', ledger_roles: ['viewer'], ledger_tenants: ['acme'] };

/** An issuer whose JWKS endpoint answers whatever the test sets in `answer`, counting requests. */
function fakeEndpoint() {
  const endpoint = {
    answer: (): Promise<Response> => Promise.reject(new Error('no answer set')),
    requested: [] as string[],
    fetch: (async (url) => {
      endpoint.requested.push(url);
      return endpoint.answer();
    }) as FetchImplementation,
  };
  return endpoint;
}

const json = (body: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

function connectionRefused(): Promise<Response> {
  return Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:8443') }));
}

async function refusal(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('createJwtVerifier with a JWKS URL', () => {
  let jwk: JWK;
  let privateKey: CryptoKey;
  const sign = (kid = 'k1') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid }).setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime('5m').sign(privateKey);

  beforeAll(async () => {
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    privateKey = pair.privateKey;
    jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'EdDSA' };
  });

  it('fetches the keys from the URL and accepts a token they sign', async () => {
    const endpoint = fakeEndpoint();
    endpoint.answer = () => json({ keys: [jwk] });
    const verify = createJwtVerifier({ issuer, audience, jwks: JWKS_URL }, { fetch: endpoint.fetch });
    expect(await verify(await sign())).toMatchObject({ subject: 'jwt:alice', roles: ['viewer'], tenants: ['acme'] });
    expect(endpoint.requested).toEqual([JWKS_URL]);
  });

  it('refuses a token whose kid the issuer does not publish as invalid_token, not as an outage', async () => {
    const endpoint = fakeEndpoint();
    endpoint.answer = () => json({ keys: [jwk] });
    const verify = createJwtVerifier({ issuer, audience, jwks: JWKS_URL }, { fetch: endpoint.fetch });
    expect((await refusal(verify(await sign('unknown-kid')))).code).toBe('invalid_token');
  });

  it.each([
    ['the connection is refused', connectionRefused, /ECONNREFUSED/],
    ['the endpoint answers 500', () => json({ error: 'boom' }, 500), /HTTP 500/],
    ['the endpoint redirects', () => Promise.resolve(new Response(null, { status: 302, headers: { location: 'http://idp.test/jwks.json' } })), /redirect/],
    ['the answer is not JSON', () => Promise.resolve(new Response('<html>maintenance</html>', { status: 200 })), /not JSON/],
    ['the answer is not a key set', () => json({ keys: 'none' }), /not a JSON Web Key Set/],
  ])('answers issuer_unavailable (503) when %s, and keeps the reason for the log', async (_case, answer, reason) => {
    const endpoint = fakeEndpoint();
    endpoint.answer = answer;
    const reasons: string[] = [];
    const verify = createJwtVerifier({ issuer, audience, jwks: JWKS_URL }, { fetch: endpoint.fetch, onKeysUnavailable: (r) => reasons.push(r) });
    const error = await refusal(verify(await sign()));
    expect(error.code).toBe('issuer_unavailable');
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/retry later/);
    expect(error.message).not.toMatch(reason);
    expect(reasons).toEqual([expect.stringMatching(reason)]);
  });

  it('logs an outage once, keeps trying on each request, and recovers when the endpoint does', async () => {
    const endpoint = fakeEndpoint();
    endpoint.answer = connectionRefused;
    const reasons: string[] = [];
    const verify = createJwtVerifier({ issuer, audience, jwks: JWKS_URL }, { fetch: endpoint.fetch, onKeysUnavailable: (r) => reasons.push(r) });
    const token = await sign();
    expect((await refusal(verify(token))).code).toBe('issuer_unavailable');
    expect((await refusal(verify(token))).code).toBe('issuer_unavailable');
    expect(reasons).toHaveLength(1);
    expect(endpoint.requested).toHaveLength(2);

    endpoint.answer = () => json({ keys: [jwk] });
    expect(await verify(token)).toMatchObject({ subject: 'jwt:alice' });
  });

  it('refuses a plain-http or otherwise refused URL when built, naming LEDGER_JWKS', () => {
    expect(() => createJwtVerifier({ issuer, audience, jwks: 'http://127.0.0.1:8080/jwks.json' })).toThrow(/LEDGER_JWKS: plain http is refused/);
    expect(() => createJwtVerifier({ issuer, audience, jwks: 'https://user:pw@idp.test/jwks.json' })).toThrow(/LEDGER_JWKS: .*credentials/);
  });
});
