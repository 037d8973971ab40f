import { describe, expect, it } from 'vitest';
import { createRedactor, MAX_REDACTION_DEPTH } from './redactor';

describe('createRedactor', () => {
  it('masks values of keys named like secrets, but not look-alike keys, and reports JSON Pointers', () => {
    const seen: [string, string][] = [];
    const redactor = createRedactor({ onRedaction: (name, path) => seen.push([name, path]) });
    const input = {
      password: 'hunter2',
      dbPasswd: 'x',
      'x-api-key': 'z',
      Authorization: 'Basic dXNlcjpwYXNz',
      private_key_id: '0123456789abcdef0123456789abcdef01234567',
      max_tokens: 100,
      token_count: 'many',
      nested: [{ 'a/b': 'AKIAIOSFODNN7EXAMPLE' }],
    };
    expect(redactor.value(input, '/data/arguments')).toEqual({
      password: '[REDACTED:password]',
      dbPasswd: '[REDACTED:password]',
      'x-api-key': '[REDACTED:api_key]',
      Authorization: '[REDACTED:authorization]',
      private_key_id: '[REDACTED:private_key_id]',
      max_tokens: 100,
      token_count: 'many',
      nested: [{ 'a/b': '[REDACTED:aws_access_key_id]' }],
    });
    expect(seen).toEqual([
      ['password', '/data/arguments/password'],
      ['password', '/data/arguments/dbPasswd'],
      ['api_key', '/data/arguments/x-api-key'],
      ['authorization', '/data/arguments/Authorization'],
      ['private_key_id', '/data/arguments/private_key_id'],
      ['aws_access_key_id', '/data/arguments/nested/0/a~1b'],
    ]);
  });

  it('leaves values an emitter already masked alone, under any key', () => {
    const seen: string[] = [];
    const once = createRedactor().value({ password: 'hunter2', url: 'postgres://a:b@c', header: 'Bearer abcdef0123456789abcdef' });
    expect(createRedactor({ onRedaction: (n) => seen.push(n) }).value(once)).toEqual(once);
    expect(seen).toEqual([]);
  });

  it('returns a copy and never mutates its input', () => {
    const message = { params: { arguments: { password: 'hunter2', note: 'AKIAIOSFODNN7EXAMPLE' } } };
    const before = JSON.stringify(message);
    createRedactor().value(message);
    expect(JSON.stringify(message)).toBe(before);
  });

  it('replaces a subtree deeper than the walk goes by one mask instead of passing it through', () => {
    let deep: unknown = 'AKIAIOSFODNN7EXAMPLE';
    for (let i = 0; i < MAX_REDACTION_DEPTH + 5; i++) deep = [deep];
    expect(JSON.stringify(createRedactor().value(deep))).not.toContain('AKIA');
  });
});

describe('createRedactor().jsonText', () => {
  const secretText = 'config:\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nghp_abcdefghijklmnopqrstuvwxyz0123456789';

  it('finds secrets that a JSON escape glues to the word before (\\n then the key name)', () => {
    const json = JSON.stringify({ text: secretText, password: 'hunter2', other: 1 });
    const seen: string[] = [];
    const out = createRedactor({ onRedaction: (name) => seen.push(name) }).jsonText(json);
    expect(JSON.parse(out)).toEqual({
      text: 'config:\naws_secret_access_key = [REDACTED:aws_secret_access_key]\n[REDACTED:github_token]',
      password: '[REDACTED:password]',
      other: 1,
    });
    expect(seen).toEqual(['aws_secret_access_key', 'github_token', 'password']);
  });

  it('redacts a body cut in the middle of a string, keeping it a prefix of the same shape', () => {
    const json = JSON.stringify({ contents: [{ text: `${secretText}\\u00e9 and more` }] });
    const cut = json.slice(0, json.indexOf('and more'));
    const out = createRedactor().jsonText(cut);
    expect(out).not.toMatch(/wJalr|ghp_/);
    expect(out.startsWith('{"contents":[{"text":"config:\\naws_secret_access_key = [REDACTED:aws_secret_access_key]')).toBe(true);
    expect(out.endsWith('"')).toBe(false);
  });

  it('leaves JSON text without secrets byte for byte', () => {
    const json = '{"a":"x\\u00e9","b":[1,2,"\\"quoted\\""],"c":null}';
    expect(createRedactor().jsonText(json)).toBe(json);
  });
});
