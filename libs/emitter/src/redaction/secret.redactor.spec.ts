import { describe, expect, it } from 'vitest';
import { createSecretRedactor } from './secret.redactor';

const cases: { kind: string; secret: string; expected: string; harmless: string }[] = [
  { kind: 'aws_access_key_id', secret: 'key AKIAIOSFODNN7EXAMPLE here', expected: 'key [REDACTED:aws_access_key_id] here', harmless: 'AKIA is a prefix, AKIAshort too' },
  {
    kind: 'aws_secret_access_key',
    secret: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    expected: 'aws_secret_access_key = [REDACTED:aws_secret_access_key]',
    harmless: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY without its key name',
  },
  { kind: 'github_token', secret: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', expected: '[REDACTED:github_token]', harmless: 'ghp_short and github_pat_ alone' },
  { kind: 'github_token', secret: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', expected: '[REDACTED:github_token]', harmless: 'see github.com/pat' },
  { kind: 'slack_token', secret: 'xoxb-123456789012-abcdefghijkl', expected: '[REDACTED:slack_token]', harmless: 'xoxo-hugs and kisses' },
  { kind: 'openai_api_key', secret: 'OPENAI=sk-proj-abcdefghijklmnopqrstuvwx', expected: 'OPENAI=[REDACTED:openai_api_key]', harmless: 'a task-list with sk-short' },
  { kind: 'anthropic_api_key', secret: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz', expected: '[REDACTED:anthropic_api_key]', harmless: 'sk-ant is an insect' },
  { kind: 'google_api_key', secret: 'AIzaSyA-abcdefghijklmnopqrstuvwxyz01234', expected: '[REDACTED:google_api_key]', harmless: 'AIza alone is nothing' },
  { kind: 'stripe_key', secret: 'sk_live_abcdefghijklmnop1234', expected: '[REDACTED:stripe_key]', harmless: 'sk_test_abcdefghijklmnop1234 is a test key' },
  {
    kind: 'jwt',
    secret: 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    expected: 'token [REDACTED:jwt]',
    harmless: 'eyJhbGciOiJIUzI1NiJ9 is just base64 json',
  },
  { kind: 'bearer_token', secret: 'Authorization: Bearer abcdef0123456789abcdef', expected: 'Authorization: Bearer [REDACTED:bearer_token]', harmless: 'the bearer of bad news' },
  {
    kind: 'private_key',
    secret: 'a\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\nb',
    expected: 'a\n[REDACTED:private_key]\nb',
    harmless: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----',
  },
  { kind: 'url_password', secret: 'postgres://app:hunter2@db.internal:5432/x', expected: 'postgres://app:[REDACTED:url_password]@db.internal:5432/x', harmless: 'https://user@example.com:8443/path' },
];

describe('default secret redactor', () => {
  it.each(cases)('masks $kind and leaves look-alikes alone', ({ kind, secret, expected, harmless }) => {
    const kinds: string[] = [];
    const redact = createSecretRedactor({ onRedaction: (k) => kinds.push(k) });
    expect(redact(secret)).toBe(expected);
    expect(kinds).toEqual([kind]);
    expect(redact(harmless)).toBe(harmless);
    expect(kinds).toEqual([kind]);
  });

  it('masks values of keys named like secrets, but not look-alike keys', () => {
    const kinds: string[] = [];
    const redact = createSecretRedactor({ onRedaction: (k) => kinds.push(k) });
    const input = {
      password: 'hunter2',
      dbPasswd: 'x',
      client_secret: 'y',
      'x-api-key': 'z',
      apikey: 'w',
      Authorization: 'Basic dXNlcjpwYXNz',
      private_key: 'k',
      access_token: 't',
      max_tokens: 100,
      token_count: 'many',
      tokenizer: 'bpe',
      nested: [{ secret: 's' }],
    };
    expect(redact(input)).toEqual({
      password: '[REDACTED:password]',
      dbPasswd: '[REDACTED:password]',
      client_secret: '[REDACTED:client_secret]',
      'x-api-key': '[REDACTED:api_key]',
      apikey: '[REDACTED:api_key]',
      Authorization: '[REDACTED:authorization]',
      private_key: '[REDACTED:private_key]',
      access_token: '[REDACTED:token]',
      max_tokens: 100,
      token_count: 'many',
      tokenizer: 'bpe',
      nested: [{ secret: '[REDACTED:secret]' }],
    });
    expect(kinds).toHaveLength(9);
  });

  it('returns a copy and never mutates the live MCP message', () => {
    const message = { params: { arguments: { password: 'hunter2', note: 'AKIAIOSFODNN7EXAMPLE' } } };
    const before = JSON.stringify(message);
    createSecretRedactor()(message);
    expect(JSON.stringify(message)).toBe(before);
  });
});

describe('configured secret redactor', () => {
  it('passes its configuration to @mcp-ledger/redaction: personal data on, a detector off', () => {
    const redact = createSecretRedactor({ config: { enable: ['email'], disable: ['jwt'] } });
    expect(redact({ to: 'ada@example.org', jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.x' })).toEqual({
      to: '[REDACTED:email]',
      jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.x',
    });
  });

  it('refuses a bad configuration when the redactor is built', () => {
    expect(() => createSecretRedactor({ config: { custom: [{ name: 'x', pattern: '(' }] } })).toThrow(/redaction\.custom\[0\]\.pattern: not a valid regular expression/);
  });
});
