import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from './evaluate-policy';
import { parsePolicy } from './parse-policy';
import type { ToolCall } from './types';

const parsed = parsePolicy(`
version: 1
policy_version: totality
default: allow
rules:
  - id: every-constraint
    effect: allow
    require:
      args:
        to: { pattern: "^a", optional: true }
        path: { under: [/srv], optional: true }
        url: { hosts: ["*.acme.example"], optional: true }
        who: { oneOf: [a, 1, true], optional: true }
        amount: { schema: { type: [number, array], maximum: 10, items: { type: string, maxLength: 2 } }, optional: true }
        constructor: { schema: { type: object }, optional: true }
`);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const policy = parsed.policy;

const huge = 'x'.repeat(2_000_000);
let deep: unknown = 'bottom';
for (let i = 0; i < 5_000; i++) deep = { to: deep, list: [deep] };

const WEIRD_ARGUMENTS: unknown[] = [
  undefined,
  null,
  0,
  NaN,
  'string',
  huge,
  [],
  [1, [2, [3]]],
  {},
  deep,
  JSON.parse('{"__proto__": {"polluted": true}, "to": "abc"}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  { to: huge, path: `/srv/${'../'.repeat(10_000)}etc`, url: `https://${'a.'.repeat(100_000)}acme.example`, who: huge, amount: [huge] },
  { to: ['a', 1, null, {}, []], path: [null], url: [{}], who: [[['a']]], amount: [1, 2, 3] },
  { to: Symbol('s') as unknown, path: 10n as unknown, url: () => 1, amount: Infinity },
  Object.create(null),
];

describe('evaluatePolicy totality', () => {
  it.each(WEIRD_ARGUMENTS.map((args, i) => [i, args]))('decides argument case %i without throwing', (_i, args) => {
    const d = evaluatePolicy(policy, { tenant: 't', server: 's', tool: 'x', arguments: args });
    expect(['allow', 'deny', 'require_approval']).toContain(d.decision);
    expect(d.policyVersion).toBe('totality');
    expect(evaluatePolicy(policy, { tenant: 't', server: 's', tool: 'x', arguments: args })).toEqual(d);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('decides calls whose selector fields are not strings or are huge', () => {
    const junk = { tenant: 42, agent: null, server: {}, tool: huge, arguments: {} } as unknown as ToolCall;
    expect(evaluatePolicy(policy, junk).decision).toBe('allow');
  });

  it('denies what it must even on weird input: a prototype key does not satisfy a required argument', () => {
    const strict = parsePolicy('version: 1\npolicy_version: v\ndefault: allow\nrules:\n  - { id: r, effect: allow, require: { args: { to: { pattern: "^a" } } } }\n');
    if (!strict.ok) throw new Error('bad fixture');
    const d = evaluatePolicy(strict.policy, { tenant: 't', server: 's', tool: 'x', arguments: JSON.parse('{"__proto__": {"to": "abc"}}') });
    expect(d).toMatchObject({ decision: 'deny', reason: 'rule "r" requires: argument "to" is required' });
  });
});
