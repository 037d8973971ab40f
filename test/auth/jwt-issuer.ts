import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export const JWT_ISSUER = 'https://idp.test.invalid';
export const JWT_AUDIENCE = 'mcp-ledger';

/** A local identity provider for tests: its JWKS file, and a signer for tokens it (or an impostor) issues. */
export async function createTestIssuer(): Promise<{
  jwksFile: string;
  sign(claims: Record<string, unknown>, options?: { expiresIn?: string; impostor?: boolean }): Promise<string>;
}> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const impostor: CryptoKey = (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey;
  const jwksFile = join(mkdtempSync(join(tmpdir(), 'ledger-jwks-')), 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'EdDSA', use: 'sig' }] }));
  return {
    jwksFile,
    sign: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', kid: 'test-key' })
        .setIssuer(JWT_ISSUER)
        .setAudience(JWT_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '10m')
        .sign(options.impostor ? impostor : privateKey),
  };
}
