import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from './auth-error';
import { createJwtVerifier, type JwtVerifier } from './jwt-verifier';

const issuer = 'https://idp.test';
const audience = 'mcp-ledger';

describe('createJwtVerifier (keys generated here, JWKS from a file)', () => {
  let verify: JwtVerifier;
  let sign: (claims: Record<string, unknown>, options?: { expiresIn?: string; iss?: string; aud?: string; key?: CryptoKey }) => Promise<string>;
  let strangerKey: CryptoKey;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    strangerKey = (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey;
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' };
    const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [jwk] }));
    verify = createJwtVerifier({ issuer, audience, jwks: file });
    sign = (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
        .setIssuer(options.iss ?? issuer)
        .setAudience(options.aud ?? audience)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(options.key ?? privateKey);
  });

  const claims = { sub: 'alice', ledger_roles: ['approver'], ledger_tenants: ['acme'] };

  async function codeOf(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    return (error as AuthError).code;
  }

  it('accepts a well-signed token and reads sub, roles and tenants', async () => {
    const principal = await verify(await sign(claims));
    expect(principal).toMatchObject({ subject: 'jwt:alice', kind: 'jwt', roles: ['approver'], tenants: ['acme'] });
  });

  it('refuses an expired token as token_expired', async () => {
    expect(await codeOf(verify(await sign(claims, { expiresIn: '-1m' })))).toBe('token_expired');
  });

  it('refuses a token signed by another key, another issuer or for another audience', async () => {
    expect(await codeOf(verify(await sign(claims, { key: strangerKey })))).toBe('invalid_token');
    expect(await codeOf(verify(await sign(claims, { iss: 'https://evil.test' })))).toBe('invalid_token');
    expect(await codeOf(verify(await sign(claims, { aud: 'other' })))).toBe('invalid_token');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none' })}.${b64({ ...claims, iss: issuer, aud: audience })}.`;
    expect(await codeOf(verify(unsigned))).toBe('invalid_token');
  });

  it('refuses a token without ledger roles or tenants rather than defaulting', async () => {
    expect(await codeOf(verify(await sign({ sub: 'bob', ledger_tenants: ['acme'] })))).toBe('invalid_token');
    expect(await codeOf(verify(await sign({ sub: 'bob', ledger_roles: ['viewer'] })))).toBe('invalid_token');
    expect(await codeOf(verify(await sign({ sub: 'bob', ledger_roles: ['root'], ledger_tenants: ['acme'] })))).toBe('invalid_token');
  });
});
