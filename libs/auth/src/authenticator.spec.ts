import { describe, expect, it } from 'vitest';
import { generateApiKey, hashToken } from './api-key';
import { AuthError } from './auth-error';
import { Authenticator, type ApiKeyRecord } from './authenticator';

function keyStore(records: Map<string, ApiKeyRecord>) {
  let lookups = 0;
  return {
    findByHash: async (hash: string) => {
      lookups++;
      return records.get(hash) ?? null;
    },
    lookups: () => lookups,
  };
}

async function refusal(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('Authenticator', () => {
  const key = generateApiKey();
  const record: ApiKeyRecord = { id: key.id, name: 'soc', roles: ['analyst'], tenants: ['acme'], revoked: false };

  it('turns a known API key into its principal', async () => {
    const auth = new Authenticator({ keys: keyStore(new Map([[hashToken(key.token), record]])) });
    const principal = await auth.authenticate(`Bearer ${key.token}`);
    expect(principal).toEqual({ subject: 'key:soc', kind: 'api_key', tokenId: key.id, roles: ['analyst'], tenants: ['acme'] });
  });

  it('refuses a missing header, a malformed one, an unknown key and a revoked key with distinct codes', async () => {
    const revoked = generateApiKey();
    const auth = new Authenticator({
      keys: keyStore(new Map([[hashToken(revoked.token), { ...record, id: revoked.id, revoked: true }]])),
    });
    expect((await refusal(auth.authenticate(undefined))).code).toBe('unauthenticated');
    expect((await refusal(auth.authenticate('Basic abc'))).code).toBe('invalid_token');
    expect((await refusal(auth.authenticate(`Bearer ${key.token}`))).code).toBe('invalid_token');
    expect((await refusal(auth.authenticate(`Bearer ${revoked.token}`))).code).toBe('invalid_token');
  });

  it('refuses JWTs when no issuer is configured', async () => {
    const auth = new Authenticator({ keys: keyStore(new Map()) });
    const error = await refusal(auth.authenticate('Bearer aaa.bbb.ccc'));
    expect(error.message).toMatch(/no issuer is configured/);
  });

  it('caches lookups for a while, and forget() makes a revocation immediate', async () => {
    let now = 0;
    const records = new Map([[hashToken(key.token), record]]);
    const store = keyStore(records);
    const auth = new Authenticator({ keys: store, cacheMs: 1000, now: () => now });
    await auth.authenticate(`Bearer ${key.token}`);
    await auth.authenticate(`Bearer ${key.token}`);
    expect(store.lookups()).toBe(1);
    records.set(hashToken(key.token), { ...record, revoked: true });
    auth.forget();
    expect((await refusal(auth.authenticate(`Bearer ${key.token}`))).code).toBe('invalid_token');
    now = 5000;
    expect((await refusal(auth.authenticate(`Bearer ${key.token}`))).code).toBe('invalid_token');
    expect(store.lookups()).toBe(3);
  });
});
