import { describe, expect, it } from 'vitest';
import { compileRedaction, RedactionConfigError } from './redaction-config';
import { createRedactor } from './redactor';

const issuesOf = (config: unknown): readonly string[] => {
  try {
    compileRedaction(config);
  } catch (error) {
    if (error instanceof RedactionConfigError) return error.issues;
    throw error;
  }
  return [];
};

describe('redaction configuration', () => {
  it('turns built-in detectors off by name', () => {
    const redactor = createRedactor({ config: { disable: ['aws_access_key_id'] } });
    expect(redactor.text('AKIAIOSFODNN7EXAMPLE')).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(redactor.text('ghp_abcdefghijklmnopqrstuvwxyz0123456789')).toBe('[REDACTED:github_token]');
  });

  it('runs custom detectors, keeping their leading groups', () => {
    const seen: string[] = [];
    const redactor = createRedactor({
      config: { custom: [{ name: 'acme_key', pattern: '(acme_key=)[a-z0-9]{12}', flags: 'i', keep: 1 }] },
      onRedaction: (name) => seen.push(name),
    });
    expect(redactor.text('ACME_KEY=abcdef012345 and acme_key=short')).toBe('ACME_KEY=[REDACTED:acme_key] and acme_key=short');
    expect(seen).toEqual(['acme_key']);
  });

  it('never masks allow-listed values, by detector or by key', () => {
    const redactor = createRedactor({ config: { allow: ['AKIAIOSFODNN7EXAMPLE', 'demo-token'] } });
    expect(redactor.value({ note: 'AKIAIOSFODNN7EXAMPLE', token: 'demo-token', other: 'AKIAIOSFODNN7EXAMPLF' })).toEqual({
      note: 'AKIAIOSFODNN7EXAMPLE',
      token: 'demo-token',
      other: '[REDACTED:aws_access_key_id]',
    });
  });

  it('can leave values under secret-named keys alone', () => {
    expect(createRedactor({ config: { sensitiveKeys: false } }).value({ password: 'hunter2' })).toEqual({ password: 'hunter2' });
  });

  it('refuses a bad configuration at once, every problem named by its field', () => {
    expect(
      issuesOf({
        disable: ['aws_key'],
        enable: ['emails'],
        custom: [
          { name: 'bad_regex', pattern: '([a-z' },
          { name: 'empty', pattern: 'x*' },
          { name: 'too_many_kept', pattern: '(a)b', keep: 2 },
          { name: 'github_token', pattern: 'gh_[a-z]{10}' },
        ],
      }),
    ).toEqual([
      expect.stringMatching(/^redaction\.disable\[0\]: unknown detector "aws_key" \(known: private_key, url_password, .*\)$/),
      expect.stringMatching(/^redaction\.enable\[0\]: unknown detector "emails" \(known: .*, personal_data\)$/),
      expect.stringMatching(/^redaction\.custom\[0\]\.pattern: not a valid regular expression \(.+\)$/),
      'redaction.custom[1].pattern: matches the empty string, so it would mask nothing and everything',
      'redaction.custom[2].keep: keeps 2 capture group(s) but the pattern has 1',
      'redaction.custom[3].name: "github_token" is already a detector',
    ]);
  });

  it('refuses unknown fields and malformed names through the schema', () => {
    expect(issuesOf({ detectors: [] })).toEqual([expect.stringContaining('redaction')]);
    expect(issuesOf({ custom: [{ name: 'Bad Name', pattern: 'x' }] })).toEqual([expect.stringMatching(/^redaction\.custom\[0\]\.name: /)]);
    expect(issuesOf({ custom: [{ name: 'x', pattern: 'x', flags: 'g' }] })).toEqual([expect.stringMatching(/^redaction\.custom\[0\]\.flags: /)]);
  });

  it('throws one error whose message lists the issues', () => {
    expect(() => compileRedaction({ disable: ['nope'] })).toThrow(/Invalid redaction configuration:\n {2}- redaction\.disable\[0\]: unknown detector "nope"/);
  });
});
