import { describe, expect, it } from 'vitest';
import { formatPolicyError, parsePolicy } from './parse-policy';

const EXAMPLE = `version: 1
policy_version: "2026-11-25.1"
default: deny
rules:
  - id: mail-to-company-only
    description: Email may only go to our own domain
    match: { tenant: acme, agent: "support-*", server: mail, tool: send_email }
    effect: allow
    risk: high
    require:
      args:
        to: { pattern: "^[^@]+@acme\\\\.example$" }
  - id: files
    match: { server: fs, tool: [read_file, list_directory] }
    effect: allow
    require:
      args:
        path: { under: ["/srv/data"] }
        amount: { schema: { type: number, maximum: 1000 }, optional: true }
`;

function errorsOf(text: string) {
  const parsed = parsePolicy(text, { fileName: 'policy.yaml' });
  if (parsed.ok) throw new Error('expected the policy to be refused');
  return parsed.errors;
}

describe('parsePolicy', () => {
  it('loads a well-formed YAML policy and keeps its version label', () => {
    const parsed = parsePolicy(EXAMPLE, { fileName: 'policy.yaml' });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.policy.policyVersion).toBe('2026-11-25.1');
      expect(parsed.policy.rules.map((r) => r.id)).toEqual(['mail-to-company-only', 'files']);
    }
  });

  it('loads the same policy written as JSON', () => {
    const json = JSON.stringify({ version: 1, policy_version: 'v2', default: 'allow', rules: [{ id: 'no-exec', match: { tool: 'exec*' }, effect: 'deny' }] });
    expect(parsePolicy(json).ok).toBe(true);
  });

  it('reports a YAML syntax error at its line and column', () => {
    const text = 'version: 1\npolicy_version: x\ndefault: deny\nrules:\n  - id: a\n    match: { tool: [a, b }\n    effect: allow\n';
    const [first] = errorsOf(text);
    expect(first.line).toBe(6);
    expect(first.message).toMatch(/^syntax error/);
    expect(formatPolicyError(first)).toMatch(/^policy\.yaml:6:\d+ syntax error/);
  });

  it('reports a type error with the line, column and field path of the bad value', () => {
    const text = EXAMPLE.replace('tool: [read_file, list_directory]', 'tool: 42');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(formatPolicyError(errors[0])).toBe('policy.yaml:14:32 rules[1].match.tool: expected a string or a list of strings');
  });

  it('refuses a misspelt key at the key itself instead of ignoring it', () => {
    const errors = errorsOf(EXAMPLE.replace('    effect: allow\n    risk: high', '    efect: allow\n    risk: high'));
    expect(errors.map(formatPolicyError)).toEqual([
      'policy.yaml:5:5 rules[0].effect: required field is missing (expected one of "allow", "deny", "require_approval")',
      'policy.yaml:8:5 rules[0].efect: unknown field',
    ]);
  });

  it('names an unknown effect with the allowed values', () => {
    const [error] = errorsOf(EXAMPLE.replace('effect: allow\n    risk', 'effect: permit\n    risk'));
    expect(error).toMatchObject({ line: 8, column: 13, path: 'rules[0].effect' });
    expect(error.message).toBe('expected one of "allow", "deny", "require_approval"');
  });

  it('reports every problem at once: invalid regex, duplicate rule id, relative path root', () => {
    const text = EXAMPLE.replace('^[^@]+@acme', '^[^@+@acme').replace('"/srv/data"', '"srv/data"').replace('id: files', 'id: mail-to-company-only');
    expect(errorsOf(text).map(formatPolicyError)).toEqual([
      'policy.yaml:12:24 rules[0].require.args.to.pattern: is not a valid regular expression (ECMAScript, u flag)',
      'policy.yaml:13:9 rules[1].id: duplicate rule id "mail-to-company-only"',
      'policy.yaml:18:25 rules[1].require.args.path.under[0]: must be an absolute path',
    ]);
  });

  it('refuses duplicate keys, so a second effect cannot override the first', () => {
    const [error] = errorsOf(EXAMPLE.replace('    effect: allow\n    risk', '    effect: allow\n    effect: deny\n    risk'));
    expect(error.line).toBe(9);
    expect(error.column).toBe(5);
    expect(error.message).toMatch(/unique/i);
  });

  it('refuses an unsupported format version and a missing field on the root', () => {
    const errors = errorsOf('version: 2\ndefault: deny\nrules: []\n');
    expect(errors.map(formatPolicyError)).toEqual([
      'policy.yaml:1:1 policy_version: required field is missing (expected string)',
      'policy.yaml:1:10 version: unsupported policy format; expected version: 1',
    ]);
  });

  it('refuses a `__proto__` argument name rather than dropping it', () => {
    const text = EXAMPLE.replace('to: { pattern', '__proto__: { oneOf: [1] }\n        to: { pattern');
    expect(errorsOf(text)[0]).toMatchObject({ path: 'rules[0].require.args.__proto__', line: 12 });
  });

  it('stops alias bombs instead of expanding them', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`)].join('\n');
    expect(parsePolicy(bomb).ok).toBe(false);
  });
});
