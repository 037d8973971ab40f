import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from './evaluate-policy';
import { parsePolicy } from './parse-policy';
import { replayPolicy, type RecordedCall } from './replay-policy';
import { suggestPolicy } from './suggest-policy';

/** mulberry32, seeded: a failing history can be reproduced from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TASKS = [undefined, 'JIRA-142', 'JIRA-1*', 'release-42', 'ci:nightly', 'a\\b'];
const TOOLS = ['list_issues', 'create_issue', 'delete_repo', 'run_*', 'get?', ''];

function history(seed: number, size: number): RecordedCall[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  return Array.from({ length: size }, (_, i) => ({
    callId: `c${i}`,
    sessionId: `s${i % 5}`,
    tenant: 'acme',
    agent: pick(['triage-bot', 'release-bot', undefined]),
    task: pick(TASKS),
    server: pick(['github', 'ci']),
    tool: pick(TOOLS),
    arguments: { repo: pick(['acme/app', 'acme/web']) },
  }));
}

const keyOf = (c: { agent?: string; task?: string; server: string; tool: string }) => JSON.stringify([c.agent ?? '', c.task ?? '', c.server, c.tool]);

describe('suggestPolicy({ perTask: true })', () => {
  it.each([1, 2, 3, 4, 5, 6])('seed %i: denies nothing that ran, and grants each task only the tools that task used', (seed) => {
    const calls = history(seed, 200);
    const text = suggestPolicy(calls, { policyVersion: `per-task-${seed}`, perTask: true });
    const parsed = parsePolicy(text, { fileName: 'suggested.yaml' });
    if (!parsed.ok) throw new Error(`${text}\n${JSON.stringify(parsed.errors)}`);

    const replay = replayPolicy(parsed.policy, calls);
    expect(replay.wouldDeny.map((d) => d.reason)).toEqual([]);
    expect(replay.wouldRequireApproval).toEqual([]);

    const observed = new Set(calls.map(keyOf));
    for (const agent of ['triage-bot', 'release-bot', undefined, 'other'])
      for (const task of [...TASKS, 'JIRA-199', 'other', ''])
        for (const server of ['github', 'ci'])
          for (const tool of [...TOOLS, 'run_workflow', 'get1']) {
            const probe = { tenant: 'acme', agent, task, server, tool };
            if (evaluatePolicy(parsed.policy, { ...probe, arguments: { repo: 'acme/app' } }).decision !== 'deny') {
              expect(observed.has(keyOf(probe)), JSON.stringify(probe)).toBe(true);
            }
          }
    expect(parsed.policy.rules.length).toBe(observed.size);
    expect(parsed.policy.document.rules.every((rule) => rule.match?.task !== undefined)).toBe(true);
  });

  it('grants two tasks of one agent different tools, and labels each rule with its task', () => {
    const calls = [
      { tenant: 'acme', agent: 'triage-bot', task: 'JIRA-142', server: 'github', tool: 'list_issues', arguments: {} },
      { tenant: 'acme', agent: 'triage-bot', task: 'release-42', server: 'github', tool: 'create_issue', arguments: {} },
      { tenant: 'acme', agent: 'triage-bot', server: 'github', tool: 'list_issues', arguments: {} },
    ];
    const text = suggestPolicy(calls, { policyVersion: 'v', perTask: true });
    expect(text).toMatch(/^# Suggested by `mcp-ledger policy suggest --per-task`/);
    const parsed = parsePolicy(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.policy.document.rules.map((r) => [r.match?.task, r.match?.tool, r.description])).toEqual([
      ['', 'list_issues', 'observed 1 call (host sent no task)'],
      ['JIRA-142', 'list_issues', 'observed 1 call in task JIRA-142'],
      ['release-42', 'create_issue', 'observed 1 call in task release-42'],
    ]);
    const decide = (task: string | undefined, tool: string) => evaluatePolicy(parsed.policy, { tenant: 'acme', agent: 'triage-bot', task, server: 'github', tool, arguments: {} }).decision;
    expect(decide('JIRA-142', 'create_issue')).toBe('deny');
    expect(decide('release-42', 'list_issues')).toBe('deny');
    expect(decide(undefined, 'create_issue')).toBe('deny');
  });

  it('without perTask, keeps one rule per agent whatever the tasks, with no task selector', () => {
    const calls = history(7, 100);
    const parsed = parsePolicy(suggestPolicy(calls, { policyVersion: 'v' }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.policy.document.rules.some((rule) => rule.match?.task !== undefined)).toBe(false);
    expect(replayPolicy(parsed.policy, calls).wouldDeny).toEqual([]);
  });
});
