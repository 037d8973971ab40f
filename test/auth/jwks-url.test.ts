/**
 * LEDGER_JWKS as an https:// URL, end to end: a real ledger process fetches the issuer's keys
 * from an HTTPS server in this test (a self-signed certificate it trusts through
 * NODE_EXTRA_CA_CERTS, as an operator would add a private CA), accepts what they sign,
 * refuses what they do not, follows a key rotation, refuses plain http at start, and answers
 * 503 `issuer_unavailable` — not 500, not "invalid token" — when the keys cannot be fetched.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { graphql } from '../support/graphql';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';
import { closedPort, createSigningKey, startHttpsIssuer, type HttpsIssuer, type SigningKey } from './jwks-url-issuer';
import { JWT_AUDIENCE, JWT_ISSUER } from './jwt-issuer';

const tenant = `jwks-url-${uuidv7()}`;
const claims = { sub: 'alice@soc.example', ledger_roles: ['viewer'], ledger_tenants: [tenant] };
const QUERY = '{ toolCalls(first: 1) { edges { node { callId } } } }';

let issuer: HttpsIssuer;
let firstKey: SigningKey;
let ledger: LedgerProcess;
const others: LedgerProcess[] = [];

const dataDir = () => mkdtempSync(join(tmpdir(), 'mcp-ledger-jwks-url-'));
const jwtEnv = (jwks: string, extra: Record<string, string> = {}) => ({ LEDGER_JWT_ISSUER: JWT_ISSUER, LEDGER_JWT_AUDIENCE: JWT_AUDIENCE, LEDGER_JWKS: jwks, ...extra });
const ask = (url: string, token: string) => graphql<{ toolCalls: { edges: unknown[] } }>(url, QUERY, {}, { authorization: `Bearer ${token}`, 'x-ledger-tenant': tenant });

beforeAll(async () => {
  issuer = await startHttpsIssuer();
  firstKey = await createSigningKey('key-1');
  issuer.publish([firstKey]);
  ledger = await startLedgerProcess(dataDir(), jwtEnv(issuer.jwksUrl, { NODE_EXTRA_CA_CERTS: issuer.caFile }));
});

afterAll(async () => {
  await Promise.all([ledger, ...others].map((process) => process?.stop()));
  await issuer?.close();
});

describe('LEDGER_JWKS=https://…', () => {
  it('accepts on GraphQL a JWT signed by a key the issuer serves', async () => {
    const answer = await ask(ledger.url, await firstKey.sign(claims));
    expect(answer.errors ?? [], ledger.output()).toEqual([]);
    expect(answer.status).toBe(200);
    expect(answer.data?.toolCalls.edges).toEqual([]);
  });

  it('refuses a JWT signed by a key the issuer does not serve, under its kid or its own', async () => {
    for (const impostor of [await createSigningKey('key-1'), await createSigningKey('impostor')]) {
      const answer = await ask(ledger.url, await impostor.sign(claims));
      expect(answer.status, impostor.kid).toBe(401);
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions, impostor.kid).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'invalid_token' });
    }
  });

  it('refuses to start with a plain-http JWKS URL, naming LEDGER_JWKS', async () => {
    const start = startLedgerProcess(dataDir(), jwtEnv(issuer.jwksUrl.replace('https:', 'http:')));
    await expect(start).rejects.toThrow(/LEDGER_JWKS: plain http is refused/);
  });

  describe('when the keys cannot be fetched', () => {
    let unreachable: LedgerProcess;
    let untrusting: LedgerProcess;
    let port: number;

    beforeAll(async () => {
      port = await closedPort();
      // Two ledgers at once: one whose issuer is down, one that does not trust the issuer's certificate.
      [unreachable, untrusting] = await Promise.all([
        startLedgerProcess(dataDir(), jwtEnv(`https://127.0.0.1:${port}/jwks.json`)),
        startLedgerProcess(dataDir(), jwtEnv(issuer.jwksUrl)),
      ]);
      others.push(unreachable, untrusting);
    });

    it('answers 503 issuer_unavailable without internals, logs the reason, and still serves API keys', async () => {
      const answer = await ask(unreachable.url, await firstKey.sign(claims));
      expect(answer.status).toBe(503);
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UNAVAILABLE', reason: 'issuer_unavailable' });
      expect(answer.errors?.[0]?.message).toMatch(/cannot fetch its JWT issuer's keys.*retry later/);
      expect(JSON.stringify(answer)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at .*\.js/);
      await vi.waitFor(() => expect(unreachable.output()).toMatch(new RegExp(`LEDGER_JWKS https://127\\.0\\.0\\.1:${port}/jwks\\.json: fetch failed: .*ECONNREFUSED`)));

      const admin = await graphql(unreachable.url, QUERY, {}, { 'x-ledger-tenant': tenant });
      expect(admin.status, JSON.stringify(admin.errors)).toBe(200);
    });

    it('does not trust a certificate the process was not told to trust', async () => {
      const answer = await ask(untrusting.url, await firstKey.sign(claims));
      expect(answer.status).toBe(503);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ reason: 'issuer_unavailable' });
      await vi.waitFor(() => expect(untrusting.output()).toMatch(/LEDGER_JWKS https:\/\/127\.0\.0\.1:\d+\/jwks\.json: fetch failed: self-signed certificate/));
    });
  });

  it('follows a key rotation: a token under the new kid is accepted, and the retired key is refused', async () => {
    const oldToken = await firstKey.sign(claims);
    expect((await ask(ledger.url, oldToken)).status).toBe(200);

    const secondKey = await createSigningKey('key-2');
    issuer.publish([secondKey]);
    const newToken = await secondKey.sign(claims);
    // An unknown kid refetches the keys, but at most every 30 s (jose's cooldown): refused until then.
    await vi.waitFor(
      async () => {
        const answer = await ask(ledger.url, newToken);
        expect(answer.status, JSON.stringify(answer.errors)).toBe(200);
      },
      { timeout: 90_000, interval: 1_000 },
    );
    expect((await ask(ledger.url, newToken)).data?.toolCalls.edges).toEqual([]);

    const retired = await ask(ledger.url, oldToken);
    expect(retired.status).toBe(401);
    expect(retired.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'invalid_token' });
  });
});
