import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { JWT_AUDIENCE, JWT_ISSUER } from './jwt-issuer';

/** One signing key of the issuer: its public JWK (with `kid`) and a signer for tokens under that `kid`. */
export interface SigningKey {
  kid: string;
  jwk: JWK;
  sign(claims: Record<string, unknown>): Promise<string>;
}

/** A key pair made here: the issuer's if it publishes `jwk`, an impostor's if it does not. */
export async function createSigningKey(kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return {
    kid,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' },
    sign: (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid }).setIssuer(JWT_ISSUER).setAudience(JWT_AUDIENCE).setIssuedAt().setExpirationTime('10m').sign(privateKey),
  };
}

export interface HttpsIssuer {
  /** `https://127.0.0.1:<port>/jwks.json`: the value for LEDGER_JWKS. */
  jwksUrl: string;
  /** The server's self-signed certificate: NODE_EXTRA_CA_CERTS for a process that should trust it. */
  caFile: string;
  /** Publishes exactly these keys from now on (a rotation replaces the list). */
  publish(keys: SigningKey[]): void;
  close(): Promise<void>;
}

/** A certificate for 127.0.0.1 that is its own CA, made with the openssl CLI (node cannot issue one). */
function selfSignedCertificate(): { keyFile: string; certFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-jwks-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'];
  args.push('-keyout', keyFile, '-out', certFile, '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1');
  try {
    execFileSync('openssl', args, { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`this test needs the openssl CLI to make a self-signed certificate: ${(error as Error).message}`);
  }
  return { keyFile, certFile };
}

/** An identity provider publishing its JWKS over HTTPS on loopback, as a real one does at its jwks_uri. */
export async function startHttpsIssuer(): Promise<HttpsIssuer> {
  const { keyFile, certFile } = selfSignedCertificate();
  let published: SigningKey[] = [];
  const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (request, response) => {
    if (request.method !== 'GET' || request.url !== '/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify({ keys: published.map((key) => key.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `https://127.0.0.1:${port}/jwks.json`,
    caFile: certFile,
    publish: (keys) => {
      published = keys;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
