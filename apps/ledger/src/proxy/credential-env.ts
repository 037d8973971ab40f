import type { LedgerEmitter, SessionCredentials } from '@mcp-ledger/emitter';

/**
 * Words of an environment variable name that mark it as a credential. A word is an
 * `_`/`-`/`.` separated part of the upper-cased name, so `PATH` is not `PAT` and
 * `KEYBOARD_LAYOUT` is not a key.
 */
const CREDENTIAL_WORDS = new Set([
  'KEY',
  'APIKEY',
  'TOKEN',
  'SECRET',
  'SECRETS',
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PASSPHRASE',
  'CREDENTIAL',
  'CREDENTIALS',
  'CREDS',
  'AUTH',
  'PAT',
  'COOKIE',
  'BEARER',
  'JWT',
  'DSN',
  'PRIVATE',
  'CERT',
]);

/** Glued forms (`GITHUBTOKEN`, `OPENAIAPIKEY`) still count. */
const CREDENTIAL_SUFFIXES = ['TOKEN', 'SECRET', 'PASSWORD', 'APIKEY', 'PASSWD'];

/** Whether an environment variable NAME looks like it holds a credential (the value is never looked at). */
export function isCredentialEnvName(name: string): boolean {
  const words = name.toUpperCase().split(/[^A-Z0-9]+/).filter((word) => word !== '');
  return words.some((word) => CREDENTIAL_WORDS.has(word) || CREDENTIAL_SUFFIXES.some((suffix) => word.length > suffix.length && word.endsWith(suffix)));
}

/**
 * The names (never the values) of the credentials in `env` — the environment a proxied
 * server is started with — plus names the operator declared with `--credential-env`,
 * sorted and without duplicates.
 */
export function credentialEnvNames(env: NodeJS.ProcessEnv | Record<string, string | undefined>, declared: readonly string[] = []): string[] {
  const found = Object.keys(env).filter((name) => env[name] !== undefined && isCredentialEnvName(name));
  return [...new Set([...found, ...declared.map((name) => name.trim()).filter((name) => name !== '')])].sort();
}

/** `a,b c` → `['a', 'b', 'c']`: OAuth scopes as a flag gives them (comma or space separated). */
export function parseScopes(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((scope) => scope !== ''))].sort();
}

/**
 * The emitter, with every session it records carrying `credentials` in its
 * `session.started` (the proxy knows them; the relays need not).
 */
export function withCredentials(emitter: LedgerEmitter, credentials: SessionCredentials | undefined): LedgerEmitter {
  if (credentials === undefined) return emitter;
  return {
    wrap: (transport, options) => emitter.wrap(transport, options),
    record: (options) => emitter.record({ ...options, credentials: options.credentials ?? credentials }),
    flush: () => emitter.flush(),
    close: (options) => emitter.close(options),
    stats: () => emitter.stats(),
  };
}

/** The proxy's own secrets: the wrapped server never needs them, so it never gets them. */
const PROXY_ONLY_ENV = ['LEDGER_TOKEN', 'LEDGER_BOOTSTRAP_TOKEN'];

/** The environment the wrapped server starts with: the proxy's, minus the ledger token. */
export function serverEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of PROXY_ONLY_ENV) delete copy[name];
  return copy;
}
