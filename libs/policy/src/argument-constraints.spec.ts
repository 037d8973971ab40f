import { describe, expect, it } from 'vitest';
import { compileConstraints } from './argument-constraints';
import type { ArgumentConstraint } from './policy.schema';

const violations = (constraint: ArgumentConstraint, value: unknown, name = 'x') =>
  compileConstraints({ [name]: constraint }).violations({ [name]: value }).map((v) => v.message);

describe('argument constraints', () => {
  it('pattern: passes a matching string, fails others and non-strings, never quotes the value', () => {
    const c = { pattern: '^[^@]+@acme\\.example$' };
    expect(violations(c, 'ann@acme.example')).toEqual([]);
    expect(violations(c, 'secret-token@evil.example')).toEqual(['argument "x" does not match pattern ^[^@]+@acme\\.example$']);
    expect(violations(c, 42)).toHaveLength(1);
    expect(violations(c, ['a@acme.example', 'b@evil.example'])).toEqual(['argument "x" [1] does not match pattern ^[^@]+@acme\\.example$']);
  });

  it('under: allows paths inside a root after normalising, refuses escapes', () => {
    const c = { under: ['/srv/data'] };
    expect(violations(c, '/srv/data')).toEqual([]);
    expect(violations(c, '/srv/data/reports/q3.csv')).toEqual([]);
    expect(violations(c, '/srv/data/./a//b/../c')).toEqual([]);
    expect(violations(c, 'file:///srv/data/a%20b.txt')).toEqual([]);
    expect(violations(c, '/srv/data/../secrets')).toHaveLength(1);
    expect(violations(c, '/srv/data2/x')).toHaveLength(1);
    expect(violations(c, '/../../srv/data')[0]).toMatch(/climbs above/);
    expect(violations(c, 'srv/data/x')[0]).toMatch(/not an absolute path/);
    expect(violations(c, '/srv/data\\..\\..\\etc')[0]).toMatch(/backslash/);
    expect(violations(c, '/srv/data/x\0.txt')[0]).toMatch(/NUL/);
    expect(violations(c, 'file:///srv/data/%2e%2e/%2e%2e/etc/passwd')).toHaveLength(1);
  });

  it('hosts: allows listed hosts and subdomain globs, refuses look-alikes and userinfo tricks', () => {
    const c = { hosts: ['api.acme.example', '*.cdn.acme.example'] };
    expect(violations(c, 'https://api.acme.example/v1')).toEqual([]);
    expect(violations(c, 'https://API.acme.example./v1')).toEqual([]);
    expect(violations(c, 'https://eu.cdn.acme.example/x')).toEqual([]);
    expect(violations(c, 'api.acme.example:8443')).toEqual([]);
    expect(violations(c, 'https://api.acme.example@evil.example/')).toHaveLength(1);
    expect(violations(c, 'https://api.acme.example.evil.example/')).toHaveLength(1);
    expect(violations(c, 'https://cdn.acme.example/')).toHaveLength(1);
    expect(violations(c, '///api.acme.example')).toHaveLength(1);
    expect(violations(c, 'not a url')).toHaveLength(1);
  });

  it('oneOf: allows listed scalars, each element of a list must be listed', () => {
    const c = { oneOf: ['a@x', 'b@x', 3] };
    expect(violations(c, 'a@x')).toEqual([]);
    expect(violations(c, ['a@x', 'b@x'])).toEqual([]);
    expect(violations(c, 3)).toEqual([]);
    expect(violations(c, '3')).toHaveLength(1);
    expect(violations(c, ['a@x', 'c@x'])).toEqual(['argument "x" [1] is not one of the allowed values']);
    expect(violations(c, { 0: 'a@x' })).toHaveLength(1);
  });

  it('schema: enforces type, enum, bounds, lengths, pattern and items', () => {
    expect(violations({ schema: { type: 'number', maximum: 1000 } }, 999.5)).toEqual([]);
    expect(violations({ schema: { type: 'number', maximum: 1000 } }, 1000.01)).toEqual(['argument "x" fails schema: maximum 1000']);
    expect(violations({ schema: { type: 'number' } }, '12')).toEqual(['argument "x" fails schema: type number']);
    expect(violations({ schema: { type: 'integer', minimum: 1 } }, 0)).toEqual(['argument "x" fails schema: minimum 1']);
    expect(violations({ schema: { enum: ['eur', 'usd'] } }, 'gbp')).toEqual(['argument "x" fails schema: enum']);
    expect(violations({ schema: { type: 'string', maxLength: 3 } }, '😀😀😀')).toEqual([]);
    expect(violations({ schema: { type: 'string', maxLength: 3 } }, 'abcd')).toEqual(['argument "x" fails schema: maxLength 3']);
    expect(violations({ schema: { pattern: '^[a-z]+$' } }, 'abc')).toEqual([]);
    expect(violations({ schema: { type: 'array', maxItems: 2, items: { type: 'string', pattern: '@acme$' } } }, ['a@acme', 'b@evil'])).toEqual([
      'argument "x" fails schema: pattern at /1',
    ]);
    expect(violations({ schema: { type: ['string', 'null'] } }, null)).toEqual([]);
  });

  it('a required argument that is absent is a violation; an optional one is not', () => {
    const required = compileConstraints({ to: { pattern: '.' } });
    const optional = compileConstraints({ to: { pattern: '.', optional: true } });
    expect(required.violations({})).toEqual([{ argument: 'to', constraint: 'present', message: 'argument "to" is required' }]);
    expect(optional.violations({})).toEqual([]);
    expect(optional.violations({ to: '' })).toHaveLength(1);
  });

  it('never resolves an argument through the prototype chain', () => {
    const spec: Record<string, ArgumentConstraint> = { constructor: { schema: { type: 'object' as const } }, toString: { pattern: '.' } };
    const c = compileConstraints(spec);
    expect(c.violations({}).map((v) => v.constraint)).toEqual(['present', 'present']);
    expect(c.violations(JSON.parse('{"__proto__": {"toString": "x"}}')).map((v) => v.constraint)).toEqual(['present', 'present']);
  });
});
