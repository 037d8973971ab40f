import { describe, expect, it } from 'vitest';
import { MemorySink, createLedgerEmitter } from '@mcp-ledger/emitter';
import { credentialEnvNames, isCredentialEnvName, parseScopes, serverEnvironment, withCredentials } from './credential-env';

describe('credential env names', () => {
  it.each(['GITHUB_TOKEN', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'OPENAI_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'PGPASSWORD', 'DB_PASSWORD', 'SLACK_BOT_TOKEN', 'GH_PAT', 'SENTRY_DSN', 'npm_config_authToken', 'GOOGLE_APPLICATION_CREDENTIALS', 'APIKEY'])(
    '%s is a credential',
    (name) => expect(isCredentialEnvName(name)).toBe(true),
  );

  it.each(['PATH', 'HOME', 'KEYBOARD_LAYOUT', 'TOKENIZERS_PARALLELISM_X', 'LANG', 'NODE_ENV', 'PWD', 'AUTHOR_NAME'])('%s is not', (name) => {
    // TOKENIZERS… is a word of its own, not TOKEN.
    expect(isCredentialEnvName(name)).toBe(false);
  });

  it('lists names only, sorted, with declared names added', () => {
    expect(credentialEnvNames({ PATH: '/bin', GITHUB_TOKEN: 'ghp_x', OPENAI_API_KEY: 'sk-x' }, ['MY_CONN', ' '])).toEqual(['GITHUB_TOKEN', 'MY_CONN', 'OPENAI_API_KEY']);
  });

  it('parses scopes separated by commas or spaces', () => {
    expect(parseScopes('repo, read:org repo')).toEqual(['read:org', 'repo']);
  });

  it('withCredentials: every recorded session carries the credentials', async () => {
    const sink = new MemorySink();
    const emitter = withCredentials(createLedgerEmitter({ sink }), { env: ['GITHUB_TOKEN'] });
    emitter.record({ side: 'client', transport: 'stdio' }).close();
    await emitter.close();
    const started = sink.events.find((event) => event.type === 'session.started');
    expect(started?.data).toMatchObject({ credentials: { env: ['GITHUB_TOKEN'] } });
  });
});

describe('serverEnvironment', () => {
  it('keeps the proxy environment but never hands the ledger token to the wrapped server', () => {
    const env = serverEnvironment({ PATH: '/bin', GITHUB_TOKEN: 'g', LEDGER_TOKEN: 'mlk_x', LEDGER_BOOTSTRAP_TOKEN: 'b' });
    expect(env).toEqual({ PATH: '/bin', GITHUB_TOKEN: 'g' });
  });
});
