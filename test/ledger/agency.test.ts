import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { chainEvents, hashJson, type LedgerEvent, type UnchainedEvent } from '@mcp-ledger/events';
import { postEvents, sealSession, toNdjson, toolCallDrafts } from '../support/event-factory';
import { graphqlData } from '../support/graphql';
import { startTestLedger, type TestLedger } from '../support/in-process-ledger';

let ledger: TestLedger;
beforeAll(async () => {
  ledger = await startTestLedger();
});
afterAll(async () => ledger?.close());

const tenant = `agency-${uuidv7()}`;
const headers = { 'x-ledger-tenant': tenant };

/** sealSession's events, re-chained with an agent name on every source (as an emitter with `agent` records them). */
function asAgent(agent: string, events: LedgerEvent[]): LedgerEvent[] {
  return chainEvents(events.map(({ hash: _hash, prev_hash: _prev, ...event }) => ({ ...event, source: { ...event.source, agent } }) as UnchainedEvent));
}

function tool(name: string, description: string, annotations?: Record<string, unknown>) {
  const definition = { name, description, inputSchema: { type: 'object' }, ...(annotations ? { annotations } : {}) };
  return { name, definition_hash: hashJson(definition), definition };
}

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

const started = (credentials?: Record<string, unknown>) => ({
  type: 'session.started',
  data: {
    'mcp.protocol.version': '2025-06-18',
    client_info: { name: 'agency-host', version: '1' },
    server_info: { name: 'test-server', version: '1.0.0' },
    ...(credentials ? { credentials } : {}),
  },
});

interface AgentTool {
  server: string;
  name: string;
  risk: string;
  actions: string[];
  granted: boolean;
  used: boolean;
  calls: number;
  lastUsedAt: string | null;
}
interface Agents {
  agents: { name: string | null; sessions: number; tools: AgentTool[]; unusedHighRisk: { server: string; name: string; risk: string }[] }[];
}

beforeAll(async () => {
  const triage1 = sealSession(
    [
      started({ env: ['GITHUB_TOKEN', 'NPM_TOKEN'], oauth_scopes: ['repo', 'read:org'] }),
      LISTED,
      ...toolCallDrafts('c1', 'list_issues', { repo: 'acme/app' }, '3 issues'),
      ...toolCallDrafts('c2', 'create_issue', { repo: 'acme/app', title: 'bug' }, 'opened #4'),
    ],
    { tenant },
  );
  const triage2 = sealSession([started({ env: ['GITHUB_TOKEN'] }), LISTED, ...toolCallDrafts('c1', 'list_issues', { repo: 'acme/web' }, '0 issues')], {
    tenant,
    startMs: Date.UTC(2026, 10, 25, 10, 0, 0),
  });
  const reader = sealSession([started(), LISTED, ...toolCallDrafts('c1', 'list_issues', { repo: 'acme/app' }, '3 issues')], { tenant });
  for (const events of [asAgent('triage-bot', triage1), asAgent('triage-bot', triage2), asAgent('reader-bot', reader)]) {
    expect((await postEvents(ledger.url, toNdjson(events))).status).toBe(202);
  }
});

describe('excessive agency: granted versus used, with risk', () => {
  it('shows per agent the tools granted and used, and the high-risk tools never used', async () => {
    const { agents } = await graphqlData<Agents>(
      ledger.url,
      '{ agents { name sessions tools { server name risk actions granted used calls lastUsedAt } unusedHighRisk { server name risk } } }',
      {},
      headers,
    );
    expect(agents.map((a) => [a.name, a.sessions])).toEqual([
      ['reader-bot', 1],
      ['triage-bot', 2],
    ]);
    const triage = agents.find((a) => a.name === 'triage-bot')!;
    expect(triage.tools.map((t) => [t.name, t.risk, t.actions, t.granted, t.used, t.calls])).toEqual([
      ['create_issue', 'medium', ['write'], true, true, 1],
      ['delete_repo', 'high', ['delete'], true, false, 0],
      ['list_issues', 'low', ['read'], true, true, 2],
      ['run_workflow_command', 'critical', ['execute'], true, false, 0],
    ]);
    expect(triage.tools.every((t) => t.server === 'test-server')).toBe(true);
    expect(triage.tools.find((t) => t.name === 'list_issues')!.lastUsedAt).toBe('2026-11-25T10:00:00.020Z');
    expect(triage.tools.find((t) => t.name === 'delete_repo')!.lastUsedAt).toBeNull();
    expect(triage.unusedHighRisk).toEqual([
      { server: 'test-server', name: 'delete_repo', risk: 'high' },
      { server: 'test-server', name: 'run_workflow_command', risk: 'critical' },
    ]);
    const reader = agents.find((a) => a.name === 'reader-bot')!;
    expect(reader.tools.filter((t) => t.used).map((t) => t.name)).toEqual(['list_issues']);
    expect(reader.unusedHighRisk.map((t) => t.name)).toEqual(['delete_repo', 'run_workflow_command']);
  });

  it('lists the credential names each server was started with, never values', async () => {
    const { servers } = await graphqlData<{ servers: { name: string; credentials: { env: string[]; oauthScopes: string[] } }[] }>(
      ledger.url,
      '{ servers { name credentials { env oauthScopes } } }',
      {},
      headers,
    );
    expect(servers).toEqual([{ name: 'test-server', credentials: { env: ['GITHUB_TOKEN', 'NPM_TOKEN'], oauthScopes: ['read:org', 'repo'] } }]);
  });

  it('is tenant-scoped: another tenant sees no agents', async () => {
    const { agents } = await graphqlData<Agents>(ledger.url, '{ agents { name } }', {}, { 'x-ledger-tenant': `nobody-${uuidv7()}` });
    expect(agents).toEqual([]);
  });
});
