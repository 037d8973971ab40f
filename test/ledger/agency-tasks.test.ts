import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { chainEvents, hashJson, type LedgerEvent, type UnchainedEvent } from '@mcp-ledger/events';
import { evaluatePolicy, parsePolicy, type Policy } from '@mcp-ledger/policy';
import { postEvents, sealSession, toNdjson, toolCallDrafts } from '../support/event-factory';
import { graphqlData } from '../support/graphql';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';
import { runCli } from '../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'mcp-ledger-agency-tasks-'));

const cli = (args: string[]) => runCli(args);

let ledger: TestLedger;
beforeAll(async () => {
  ledger = await startTestLedger();
});
afterAll(async () => ledger?.close());

const tenant = `agency-tasks-${uuidv7()}`;
const headers = { 'x-ledger-tenant': tenant };

/** sealSession's events, re-chained with the agent and the task a host would put on every source. */
function asTask(agent: string, task: { id: string; name?: string } | undefined, events: LedgerEvent[]): LedgerEvent[] {
  return chainEvents(
    events.map(({ hash: _hash, prev_hash: _prev, ...event }) => ({ ...event, source: { ...event.source, agent, ...(task ? { task } : {}) } }) as UnchainedEvent),
  );
}

function tool(name: string, description: string, annotations?: Record<string, unknown>) {
  const definition = { name, description, inputSchema: { type: 'object' }, ...(annotations ? { annotations } : {}) };
  return { name, definition_hash: hashJson(definition), definition };
}

const STARTED = {
  type: 'session.started',
  data: { 'mcp.protocol.version': '2025-06-18', client_info: { name: 'tasks-host', version: '1' }, server_info: { name: 'test-server', version: '1.0.0' } },
};
const LISTED = {
  type: 'tools.listed',
  data: {
    'mcp.method.name': 'tools/list',
    'jsonrpc.request.id': 'l1',
    items: [
      tool('list_issues', 'List the issues of a repository.', { readOnlyHint: true }),
      tool('create_issue', 'Open an issue.'),
      tool('delete_repo', 'Delete a repository.', { destructiveHint: true }),
      tool('run_workflow_command', 'Run a command in CI.'),
    ],
  },
};

const TRIAGE = { id: 'JIRA-142', name: 'Triage the inbox' };
const RELEASE = { id: 'release-42' };

async function post(events: LedgerEvent[]) {
  expect((await postEvents(ledger.url, toNdjson(events))).status).toBe(202);
}

interface TaskView {
  id: string;
  name: string | null;
  agent: string | null;
  sessions: number;
  tools: { server: string; name: string; risk: string; granted: boolean; used: boolean; calls: number }[];
  unusedHighRisk: { server: string; name: string; risk: string }[];
}
const TASK_FIELDS = 'id name agent sessions tools { server name risk granted used calls } unusedHighRisk { server name risk }';

beforeAll(async () => {
  const opts = { tenant };
  // One agent, two tasks with different tool use, and one session in which the host named no task.
  await post(
    asTask('triage-bot', TRIAGE, sealSession([STARTED, LISTED, ...toolCallDrafts('c1', 'list_issues', { repo: 'acme/app' }, '3 issues'), ...toolCallDrafts('c2', 'list_issues', { repo: 'acme/web' }, '0 issues')], opts)),
  );
  await post(asTask('triage-bot', TRIAGE, sealSession([STARTED, LISTED, ...toolCallDrafts('c1', 'list_issues', { repo: 'acme/app' }, '3 issues')], opts)));
  await post(asTask('triage-bot', RELEASE, sealSession([STARTED, LISTED, ...toolCallDrafts('c1', 'create_issue', { repo: 'acme/app', title: 'Release 42' }, 'opened #9')], opts)));
  await post(asTask('triage-bot', undefined, sealSession([STARTED, LISTED, ...toolCallDrafts('c1', 'run_workflow_command', { command: 'make' }, 'ok')], opts)));
});

describe('excessive agency per task', () => {
  it('shows, per task of an agent, the tools granted versus the tools that task used, with risk', async () => {
    const { agents } = await graphqlData<{ agents: { name: string; sessions: number; tools: { name: string; used: boolean }[]; tasks: TaskView[] }[] }>(
      ledger.url,
      `{ agents { name sessions tools { name used } tasks { ${TASK_FIELDS} } } }`,
      {},
      headers,
    );
    expect(agents.map((a) => [a.name, a.sessions])).toEqual([['triage-bot', 4]]);
    const [triage] = agents;
    // The agent's totals include the session without a task.
    expect(triage!.tools.filter((t) => t.used).map((t) => t.name)).toEqual(['create_issue', 'list_issues', 'run_workflow_command']);

    expect(triage!.tasks.map((t) => [t.id, t.name, t.agent, t.sessions])).toEqual([
      ['JIRA-142', 'Triage the inbox', 'triage-bot', 2],
      ['release-42', null, 'triage-bot', 1],
    ]);
    const [jira, release] = triage!.tasks;
    expect(jira!.tools.map((t) => [t.name, t.risk, t.granted, t.used, t.calls])).toEqual([
      ['create_issue', 'medium', true, false, 0],
      ['delete_repo', 'high', true, false, 0],
      ['list_issues', 'low', true, true, 3],
      ['run_workflow_command', 'critical', true, false, 0],
    ]);
    expect(jira!.unusedHighRisk).toEqual([
      { server: 'test-server', name: 'delete_repo', risk: 'high' },
      { server: 'test-server', name: 'run_workflow_command', risk: 'critical' },
    ]);
    expect(release!.tools.filter((t) => t.used).map((t) => [t.name, t.calls])).toEqual([['create_issue', 1]]);
    expect(release!.unusedHighRisk.map((t) => t.name)).toEqual(['delete_repo', 'run_workflow_command']);
  });

  it('answers tasks(agent:) with the same per-task view, and nothing for another agent or tenant', async () => {
    const { tasks } = await graphqlData<{ tasks: TaskView[] }>(ledger.url, `query($agent: String) { tasks(agent: $agent) { ${TASK_FIELDS} } }`, { agent: 'triage-bot' }, headers);
    const { agents } = await graphqlData<{ agents: { tasks: TaskView[] }[] }>(ledger.url, `{ agents { tasks { ${TASK_FIELDS} } } }`, {}, headers);
    expect(tasks).toEqual(agents[0]!.tasks);
    const other = await graphqlData<{ tasks: TaskView[] }>(ledger.url, '{ tasks(agent: "reader-bot") { id } }', {}, headers);
    expect(other.tasks).toEqual([]);
    const elsewhere = await graphqlData<{ tasks: TaskView[] }>(ledger.url, '{ tasks { id } }', {}, { 'x-ledger-tenant': `nobody-${uuidv7()}` });
    expect(elsewhere.tasks).toEqual([]);
  });

  it('filters toolCalls by task and shows each call’s task', async () => {
    type Calls = { toolCalls: { edges: { node: { toolName: string; task: { id: string; name: string | null } | null } }[] } };
    const query = 'query($task: String) { toolCalls(filter: { task: $task }) { edges { node { toolName task { id name } } } } }';
    const jira = await graphqlData<Calls>(ledger.url, query, { task: 'JIRA-142' }, headers);
    expect(jira.toolCalls.edges.map((e) => [e.node.toolName, e.node.task])).toEqual([
      ['list_issues', TRIAGE],
      ['list_issues', TRIAGE],
      ['list_issues', TRIAGE],
    ]);
    const release = await graphqlData<Calls>(ledger.url, query, { task: 'release-42' }, headers);
    expect(release.toolCalls.edges.map((e) => [e.node.toolName, e.node.task])).toEqual([['create_issue', { id: 'release-42', name: null }]]);
    const all = await graphqlData<Calls>(ledger.url, query, { task: null }, headers);
    expect(all.toolCalls.edges.filter((e) => e.node.task === null).map((e) => e.node.toolName)).toEqual(['run_workflow_command']);
  });
});

describe('mcp-ledger policy suggest --per-task', () => {
  const file = join(dir, 'per-task.yaml');
  let policy: Policy;

  it('writes least privilege per task: replayed over the same history it denies nothing, and grants no task a tool it never used', async () => {
    const suggest = await cli(['policy', 'suggest', '--per-task', '--url', ledger.url, '--tenant', tenant, '--out', file, '--policy-version', 'per-task-1']);
    expect(suggest.code, suggest.stderr).toBe(0);
    expect(suggest.stderr).toMatch(/from 5 recorded call\(s\) in 2 task\(s\)/);
    const parsed = parsePolicy(readFileSync(file, 'utf8'), { fileName: file });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    policy = parsed.policy;
    expect(policy.document.rules.map((r) => [r.match?.agent, r.match?.task, r.match?.tool])).toEqual([
      ['triage-bot', '', 'run_workflow_command'],
      ['triage-bot', 'JIRA-142', 'list_issues'],
      ['triage-bot', 'release-42', 'create_issue'],
    ]);

    const replay = await cli(['policy', 'replay', '--url', ledger.url, '--tenant', tenant, '--policy', file]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(/over 5 recorded call\(s\): 0 would be denied, 0 would need approval/);

    const decide = (task: string | undefined, toolName: string) =>
      evaluatePolicy(policy, { tenant, agent: 'triage-bot', task, server: 'test-server', tool: toolName, arguments: { repo: 'acme/app', title: 'Release 42', command: 'make' } }).decision;
    for (const toolName of ['list_issues', 'create_issue', 'delete_repo', 'run_workflow_command']) {
      expect(decide('JIRA-142', toolName), `JIRA-142 ${toolName}`).toBe(toolName === 'list_issues' ? 'allow' : 'deny');
      expect(decide('release-42', toolName), `release-42 ${toolName}`).toBe(toolName === 'create_issue' ? 'allow' : 'deny');
      expect(decide('JIRA-999', toolName), `JIRA-999 ${toolName}`).toBe('deny');
    }
  });

  it('policy replay honours the task: a tool one task used and another did not is denied in the other', async () => {
    // Later history: the triage task opens an issue, which only the release task was granted.
    await post(asTask('triage-bot', TRIAGE, sealSession([STARTED, ...toolCallDrafts('c1', 'create_issue', { repo: 'acme/app', title: 'Release 42' }, 'opened #10')], { tenant })));
    const replay = await cli(['policy', 'replay', '--url', ledger.url, '--tenant', tenant, '--policy', file]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(/over 6 recorded call\(s\): 1 would be denied/);
    expect(replay.stdout).toMatch(/deny\s+\S+\/c1 test-server\.create_issue \[task JIRA-142\]: no rule matched; default is deny/);
  });
});
