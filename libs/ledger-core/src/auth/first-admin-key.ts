import { ALL_TENANTS } from '@mcp-ledger/auth';
import type { ApiKeyStore } from './api-key.store';

export type FirstAdminKey =
  | { kind: 'existing' }
  | { kind: 'bootstrap' }
  /** A key generated now: its token must be shown to the operator once, and is then gone. */
  | { kind: 'generated'; id: string; token: string };

export const BOOTSTRAP_KEY_ID = 'bootstrap';

/**
 * A ledger never starts open: when it has no key yet, the first admin key is the
 * operator's LEDGER_BOOTSTRAP_TOKEN (automation) or a generated one, printed once.
 * With keys present, nothing changes (a bootstrap token given later is not added).
 */
export async function ensureFirstAdminKey(store: ApiKeyStore, bootstrapToken: string | undefined): Promise<FirstAdminKey> {
  if ((await store.count()) > 0) return { kind: 'existing' };
  const key = { name: 'first-admin', roles: ['admin' as const], tenants: [ALL_TENANTS], createdBy: 'ledger' };
  if (bootstrapToken !== undefined) {
    await store.insertToken(BOOTSTRAP_KEY_ID, bootstrapToken, key);
    return { kind: 'bootstrap' };
  }
  const created = await store.create(key);
  return { kind: 'generated', ...created };
}
