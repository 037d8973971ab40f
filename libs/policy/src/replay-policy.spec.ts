import { describe, expect, it } from 'vitest';
import { parsePolicy } from './parse-policy';
import { replayPolicy, type RecordedCall } from './replay-policy';

const NEW_POLICY = `
version: 1
policy_version: "2026-12-01.1"
default: allow
rules:
  - id: no-external-mail
    match: { tool: send_email }
    effect: allow
    require: { args: { to: { pattern: "@acme\\\\.example$" } } }
  - id: approve-deletes
    match: { tool: "delete_*" }
    effect: require_approval
`;

describe('replayPolicy', () => {
  it('reports what a new policy version would have denied, held and changed', () => {
    const parsed = parsePolicy(NEW_POLICY);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const base = { tenant: 'acme', server: 'x', sessionId: 's1' };
    const history: RecordedCall[] = [
      { ...base, callId: '1', tool: 'send_email', arguments: { to: 'a@acme.example' }, decisionThen: 'allow' },
      { ...base, callId: '2', tool: 'send_email', arguments: { to: 'a@evil.example' }, decisionThen: 'allow' },
      { ...base, callId: '3', tool: 'delete_repo', arguments: {}, decisionThen: 'allow' },
      { ...base, callId: '4', tool: 'delete_repo', arguments: {} },
      { ...base, callId: '5', tool: 'read', arguments: {}, decisionThen: 'deny' },
    ];
    const report = replayPolicy(parsed.policy, history);
    expect(report.policyVersion).toBe('2026-12-01.1');
    expect(report.total).toBe(5);
    expect(report.wouldDeny.map((c) => [c.callId, c.reason])).toEqual([['2', 'rule "no-external-mail" requires: argument "to" does not match pattern @acme\\.example$']]);
    expect(report.wouldRequireApproval.map((c) => c.callId)).toEqual(['3', '4']);
    expect(report.changed.map((c) => [c.callId, c.decisionThen, c.decision])).toEqual([
      ['2', 'allow', 'deny'],
      ['3', 'allow', 'require_approval'],
      ['5', 'deny', 'allow'],
    ]);
    expect(report.wouldDeny[0]).not.toHaveProperty('arguments');
  });
});
