import { EVENT_DATA_SCHEMAS } from '@mcp-ledger/events';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from './evaluate-policy';
import { parsePolicy } from './parse-policy';
import { policyEvaluatedData } from './policy-event';
import type { ToolCall } from './types';

function load(text: string) {
  const parsed = parsePolicy(text, { fileName: 'policy.yaml' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.policy;
}

const POLICY = load(`
version: 1
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
  - id: read-files
    match: { server: fs, tool: [read_*, list_directory] }
    effect: allow
    require: { args: { path: { under: [/srv/data] } } }
  - id: big-payments-need-approval
    match: { server: bank, tool: pay }
    effect: require_approval
    risk: critical
    when: { args: { amount: { schema: { type: number, minimum: 1000 } } } }
  - id: payments
    match: { server: bank, tool: pay }
    effect: allow
  - id: never-exec
    match: { tool: "exec*" }
    effect: deny
  - id: anything-for-admins
    match: { agent: "admin-*" }
    effect: allow
`);

const call = (over: Partial<ToolCall>): ToolCall => ({ tenant: 'acme', agent: 'support-1', server: 'mail', tool: 'send_email', arguments: {}, ...over });

describe('evaluatePolicy', () => {
  it('allows a call that matches an allow rule and meets its requirements', () => {
    const d = evaluatePolicy(POLICY, call({ arguments: { to: 'ann@acme.example' } }));
    expect(d).toMatchObject({ decision: 'allow', matchedRules: ['mail-to-company-only'], risk: 'high', policyVersion: '2026-11-25.1' });
    expect(d.reason).toBe('allowed by rule "mail-to-company-only" (Email may only go to our own domain)');
  });

  it('denies a call that breaks a requirement, naming the argument and constraint', () => {
    const d = evaluatePolicy(POLICY, call({ arguments: { to: 'ann@evil.example' } }));
    expect(d.decision).toBe('deny');
    expect(d.reason).toBe('rule "mail-to-company-only" requires: argument "to" does not match pattern ^[^@]+@acme\\.example$');
    expect(d.violations).toEqual([expect.objectContaining({ argument: 'to', constraint: 'pattern' })]);
    expect(d.reason).not.toContain('evil');
  });

  it('falls back to the default when no selector matches (tenant, agent globs)', () => {
    expect(evaluatePolicy(POLICY, call({ tenant: 'other', arguments: { to: 'a@acme.example' } }))).toMatchObject({
      decision: 'deny',
      matchedRules: [],
      reason: 'no rule matched; default is deny',
    });
    expect(evaluatePolicy(POLICY, call({ agent: 'sales-1', arguments: { to: 'a@acme.example' } })).decision).toBe('deny');
    expect(evaluatePolicy(POLICY, call({ agent: undefined, arguments: { to: 'a@acme.example' } })).decision).toBe('deny');
  });

  it('matches tool lists and globs', () => {
    expect(evaluatePolicy(POLICY, call({ server: 'fs', tool: 'read_text_file', arguments: { path: '/srv/data/a' } })).decision).toBe('allow');
    expect(evaluatePolicy(POLICY, call({ server: 'fs', tool: 'list_directory', arguments: { path: '/srv/data' } })).decision).toBe('allow');
    expect(evaluatePolicy(POLICY, call({ server: 'fs', tool: 'write_file', arguments: { path: '/srv/data/a' } })).decision).toBe('deny');
  });

  it('uses `when` to decide whether a rule applies, and the most restrictive matched rule wins', () => {
    const small = evaluatePolicy(POLICY, call({ server: 'bank', tool: 'pay', arguments: { amount: 20 } }));
    expect(small).toMatchObject({ decision: 'allow', matchedRules: ['payments'] });
    const big = evaluatePolicy(POLICY, call({ server: 'bank', tool: 'pay', arguments: { amount: 5000 } }));
    expect(big).toMatchObject({ decision: 'require_approval', matchedRules: ['big-payments-need-approval', 'payments'], risk: 'critical' });
    expect(big.reason).toBe('rule "big-payments-need-approval" requires approval');
  });

  it('an explicit deny beats any allow, whatever the rule order', () => {
    const d = evaluatePolicy(POLICY, call({ agent: 'admin-1', server: 'shell', tool: 'exec_command' }));
    expect(d).toMatchObject({ decision: 'deny', matchedRules: ['never-exec', 'anything-for-admins'], reason: 'denied by rule "never-exec"' });
  });

  it('a broken requirement denies even when another matched rule would allow', () => {
    const both = load(`
version: 1
policy_version: v
default: allow
rules:
  - { id: open, match: { tool: send_email }, effect: allow }
  - { id: guard, match: { tool: send_email }, effect: allow, require: { args: { to: { oneOf: [a@x] } } } }
`);
    expect(evaluatePolicy(both, call({ arguments: { to: 'b@x' } }))).toMatchObject({ decision: 'deny', matchedRules: ['open', 'guard'] });
  });

  it('classifies risk from the tool name and annotations when no matched rule sets one', () => {
    expect(evaluatePolicy(POLICY, call({ server: 'fs', tool: 'read_file', arguments: { path: '/srv/data/a' } })).risk).toBe('low');
    expect(evaluatePolicy(POLICY, call({ tool: 'purge', annotations: { destructiveHint: true } })).risk).toBe('high');
  });

  it('yields a valid policy.evaluated payload', () => {
    const d = evaluatePolicy(POLICY, call({ arguments: { to: 'ann@evil.example' } }));
    const data = policyEvaluatedData({ decision: d, callId: 'c-1', toolName: 'send_email', enforced: true });
    expect(EVENT_DATA_SCHEMAS['policy.evaluated'].parse(data)).toEqual({
      call_id: 'c-1',
      'gen_ai.tool.name': 'send_email',
      decision: 'deny',
      policy_version: '2026-11-25.1',
      matched_rules: ['mail-to-company-only'],
      enforced: true,
      reason: d.reason,
    });
  });
});
