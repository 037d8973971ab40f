import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from './evaluate-policy';
import { parsePolicy } from './parse-policy';
import { policyForTask } from './policy-for-task';
import type { ToolCall } from './types';

function load(text: string) {
  const parsed = parsePolicy(text, { fileName: 'policy.yaml' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.policy;
}

const POLICY = load(`
version: 1
policy_version: tasks-1
default: deny
rules:
  - { id: triage-reads, match: { agent: triage-bot, task: "JIRA-*", tool: list_issues }, effect: allow }
  - { id: release-writes, match: { agent: triage-bot, task: [release-42, release-43], tool: create_issue }, effect: allow }
  - { id: untasked-reads, match: { task: "", tool: list_issues }, effect: allow }
  - { id: no-deletes, match: { tool: "delete_*" }, effect: deny }
  - { id: approvals-for-ci, match: { task: "ci:*" }, effect: require_approval }
`);

const call = (over: Partial<ToolCall>): ToolCall => ({ tenant: 'acme', agent: 'triage-bot', server: 'github', tool: 'list_issues', arguments: {}, ...over });

describe('the task selector', () => {
  it('matches the id of the call’s task by glob or list, and a call without a task as the empty string', () => {
    expect(evaluatePolicy(POLICY, call({ task: 'JIRA-142' }))).toMatchObject({ decision: 'allow', matchedRules: ['triage-reads'] });
    expect(evaluatePolicy(POLICY, call({ task: 'release-42' })).decision).toBe('deny');
    expect(evaluatePolicy(POLICY, call({ task: 'release-43', tool: 'create_issue' })).decision).toBe('allow');
    expect(evaluatePolicy(POLICY, call({ task: 'JIRA-142', tool: 'create_issue' })).decision).toBe('deny');
    expect(evaluatePolicy(POLICY, call({ task: undefined }))).toMatchObject({ decision: 'allow', matchedRules: ['untasked-reads'] });
    expect(evaluatePolicy(POLICY, call({ task: 'ci:nightly', tool: 'build' })).decision).toBe('require_approval');
  });

  it('refuses a task selector that is not a string or a list of strings, naming the field', () => {
    const parsed = parsePolicy('version: 1\npolicy_version: v\ndefault: deny\nrules:\n  - { id: a, match: { task: 7 }, effect: allow }\n', { fileName: 'p.yaml' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.path)).toContain('rules[0].match.task');
  });
});

describe('policyForTask', () => {
  const tasks = [undefined, '', 'JIRA-142', 'JIRA-', 'release-42', 'release-43', 'ci:nightly', 'other'];
  const tools = ['list_issues', 'create_issue', 'delete_repo', 'build'];

  it.each(tasks)('decides every call of task %j as the full policy does', (task) => {
    const bound = policyForTask(POLICY, task);
    expect(bound.rules.some((rule) => rule.selectors.some((s) => s.field === 'task'))).toBe(false);
    for (const tool of tools)
      for (const agent of ['triage-bot', 'other-bot', undefined])
        for (const carried of [undefined, task, 'something-else']) {
          const full = evaluatePolicy(POLICY, call({ agent, tool, task }));
          expect(evaluatePolicy(bound, call({ agent, tool, task: carried })), `${task}/${agent}/${tool}/${carried}`).toEqual(full);
        }
  });

  it('keeps a policy without task selectors as it is', () => {
    const plain = load('version: 1\npolicy_version: v\ndefault: allow\nrules:\n  - { id: a, match: { tool: x }, effect: deny }\n');
    expect(policyForTask(plain, 'JIRA-1').rules).toEqual(plain.rules);
  });
});
