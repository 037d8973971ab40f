import { describe, expect, it } from 'vitest';
import { foldAgents, tasksOf } from './agency';

const DEFINITIONS = [
  { server_name: 'github', tool_name: 'list_issues', definition: { description: 'List issues.', annotations: { readOnlyHint: true } } },
  { server_name: 'github', tool_name: 'create_issue', definition: { description: 'Open an issue.' } },
  { server_name: 'github', tool_name: 'delete_repo', definition: { description: 'Delete a repository.', annotations: { destructiveHint: true } } },
];
const ALL = ['list_issues', 'create_issue', 'delete_repo'];
const at = (iso: string) => new Date(iso);

describe('foldAgents with tasks', () => {
  const agents = foldAgents(
    [
      { agent: 'triage-bot', task: 'JIRA-142', task_name: 'Triage the inbox', sessions: 2 },
      { agent: 'triage-bot', task: 'release-42', task_name: null, sessions: 1 },
      { agent: 'triage-bot', task: null, sessions: 3 },
    ],
    [
      { agent: 'triage-bot', task: 'JIRA-142', server_name: 'github', tools: ALL },
      { agent: 'triage-bot', task: 'release-42', server_name: 'github', tools: ALL },
      { agent: 'triage-bot', task: null, server_name: 'github', tools: ['list_issues'] },
    ],
    [
      { agent: 'triage-bot', task: 'JIRA-142', task_name: 'Triage the inbox', server_name: 'github', tool_name: 'list_issues', calls: 4, last_used_at: at('2026-11-25T10:00:00Z') },
      { agent: 'triage-bot', task: 'release-42', server_name: 'github', tool_name: 'create_issue', calls: 1, last_used_at: at('2026-11-25T11:00:00Z') },
      { agent: 'triage-bot', task: 'release-42', server_name: 'github', tool_name: 'delete_repo', calls: 1, last_used_at: at('2026-11-25T11:05:00Z') },
      { agent: 'triage-bot', task: null, server_name: 'github', tool_name: 'list_issues', calls: 2, last_used_at: at('2026-11-25T12:00:00Z') },
    ],
    DEFINITIONS,
  );
  const [triage] = agents;

  it('keeps the agent totals over every task and over sessions without one', () => {
    expect(triage).toMatchObject({ name: 'triage-bot', sessions: 6 });
    expect(triage?.tools.map((t) => [t.name, t.granted, t.used, t.calls])).toEqual([
      ['create_issue', true, true, 1],
      ['delete_repo', true, true, 1],
      ['list_issues', true, true, 6],
    ]);
    expect(triage?.unusedHighRisk).toEqual([]);
  });

  it('reports each task on its own: what it was granted, what it used, and its unused high-risk tools', () => {
    expect(triage?.tasks.map((t) => [t.id, t.name, t.agent, t.sessions])).toEqual([
      ['JIRA-142', 'Triage the inbox', 'triage-bot', 2],
      ['release-42', null, 'triage-bot', 1],
    ]);
    const [jira, release] = triage?.tasks ?? [];
    expect(jira?.tools.filter((t) => t.used).map((t) => [t.name, t.calls])).toEqual([['list_issues', 4]]);
    expect(jira?.unusedHighRisk.map((t) => [t.name, t.risk, t.actions])).toEqual([['delete_repo', 'high', ['delete']]]);
    expect(release?.tools.filter((t) => t.used).map((t) => t.name)).toEqual(['create_issue', 'delete_repo']);
    expect(release?.unusedHighRisk).toEqual([]);
    expect(release?.tools.find((t) => t.name === 'list_issues')).toMatchObject({ granted: true, used: false, calls: 0, lastUsedAt: null });
  });

  it('lists the tasks of one agent, or of every agent', () => {
    const two = foldAgents(
      [
        { agent: 'a', task: 't1', sessions: 1 },
        { agent: null, task: 't2', sessions: 1 },
      ],
      [],
      [],
      [],
    );
    expect(tasksOf(two).map((t) => [t.agent, t.id])).toEqual([
      ['a', 't1'],
      [null, 't2'],
    ]);
    expect(tasksOf(two, 'a').map((t) => t.id)).toEqual(['t1']);
    expect(tasksOf(two, '').map((t) => t.id)).toEqual(['t2']);
    expect(tasksOf(two, 'nobody')).toEqual([]);
  });
});
