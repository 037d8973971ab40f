import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { join } from 'node:path';
import { expect } from 'vitest';
import { graphqlData } from '../support/graphql';

import { CLI } from '../support/cli';

export { CLI };
export const EVERYTHING = join(__dirname, '..', '..', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

/** The SDK client's own environment plus what the proxy needs (StdioClientTransport passes a minimal env otherwise). */
function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return { ...env, ...extra };
}

export interface Connected {
  client: Client;
  stderr: () => string;
  close: () => Promise<void>;
}

async function connect(transport: StdioClientTransport): Promise<Connected> {
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'proxy-test-host', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

/** server-everything over stdio, spoken to directly. */
export function connectDirect(): Promise<Connected> {
  return connect(new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, 'stdio'], stderr: 'pipe', env: childEnv({}) }));
}

/** server-everything over stdio behind `mcp-ledger proxy`. */
export function connectProxied(options: { ledgerUrl: string; spoolDir: string; tenant: string; name?: string }): Promise<Connected> {
  const args = [CLI, 'proxy', '--name', options.name ?? 'everything', '--url', options.ledgerUrl, '--tenant', options.tenant, '--spool-dir', options.spoolDir, '--', process.execPath, EVERYTHING, 'stdio'];
  return connect(new StdioClientTransport({ command: process.execPath, args, stderr: 'pipe', env: childEnv({}) }));
}

/**
 * Every method server-everything offers, driven as a host would, answers collected in
 * order. Tools with side effects beyond the call (timers, notifications, network) or that
 * need client capabilities we do not declare (sampling, elicitation, roots) are skipped
 * and listed, so the caller can see what was covered.
 */
export async function exerciseEverything(client: Client): Promise<{ answers: Record<string, unknown>; toolsCalled: string[]; skipped: string[] }> {
  const answers: Record<string, unknown> = {};
  answers['ping'] = await client.ping();
  const tools = await client.listTools();
  answers['tools/list'] = tools;
  const argumentsFor: Record<string, Record<string, unknown>> = {
    echo: { message: 'hello through the proxy ✓' },
    'get-sum': { a: 17, b: 25 },
    'get-annotated-message': { messageType: 'success', includeImage: true },
    'get-resource-links': { count: 2 },
    'get-resource-reference': { resourceType: 'Text', resourceId: 3 },
    'get-structured-content': { location: 'Chicago' },
    'get-tiny-image': {},
    'trigger-long-running-operation': { duration: 0.2, steps: 2 },
  };
  const toolsCalled: string[] = [];
  const skipped: string[] = [];
  for (const tool of tools.tools) {
    const args = argumentsFor[tool.name];
    if (args === undefined) {
      skipped.push(tool.name);
      continue;
    }
    answers[`tools/call ${tool.name}`] = await client.callTool({ name: tool.name, arguments: args });
    toolsCalled.push(tool.name);
  }
  const resources = await client.listResources();
  answers['resources/list'] = resources;
  answers['resources/templates/list'] = await client.listResourceTemplates();
  for (const resource of resources.resources) answers[`resources/read ${resource.uri}`] = await client.readResource({ uri: resource.uri });
  answers['resources/read dynamic text'] = await client.readResource({ uri: 'demo://resource/dynamic/text/2' });
  answers['resources/read dynamic blob'] = await client.readResource({ uri: 'demo://resource/dynamic/blob/2' });
  const prompts = await client.listPrompts();
  answers['prompts/list'] = prompts;
  const promptArguments: Record<string, Record<string, string>> = {
    'args-prompt': { city: 'Lisbon', state: 'Lisboa' },
    'completable-prompt': { department: 'Engineering', name: 'Alice' },
    'resource-prompt': { resourceType: 'Text', resourceId: '1' },
  };
  for (const prompt of prompts.prompts) answers[`prompts/get ${prompt.name}`] = await client.getPrompt({ name: prompt.name, arguments: promptArguments[prompt.name] ?? {} });
  answers['completion/complete'] = await client.complete({
    ref: { type: 'ref/prompt', name: 'completable-prompt' },
    argument: { name: 'department', value: 'E' },
  });
  answers['logging/setLevel'] = await client.setLoggingLevel('error');
  return { answers, toolsCalled, skipped };
}

export interface RecordedCall {
  toolName: string;
  serverName: string | null;
  status: string;
  arguments: Record<string, unknown>;
  session: { id: string; sourceKind: string | null; transport: string | null };
}

export async function recordedCalls(ledgerUrl: string, tenant: string): Promise<RecordedCall[]> {
  const data = await graphqlData<{ toolCalls: { edges: { node: RecordedCall }[] } }>(
    ledgerUrl,
    '{ toolCalls(first: 100, order: ASC, filter: { serverName: "everything" }) { edges { node { toolName serverName status arguments session { id sourceKind transport } } } } }',
    {},
    { 'x-ledger-tenant': tenant },
  );
  return data.toolCalls.edges.map((edge) => edge.node);
}

/** Polls until `check` passes (the ledger projects asynchronously); rethrows the last failure. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A free TCP port on 127.0.0.1 (closed again before it is returned). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with the first match of `pattern` in what `stream` prints. */
export function waitForOutput(stream: NodeJS.ReadableStream, pattern: RegExp, what: string, timeoutMs = 60_000): Promise<RegExpExecArray> {
  let seen = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not print ${pattern} in ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        stream.off('data', onData);
        resolve(match);
      }
    };
    stream.on('data', onData);
  });
}

const CLOCK = /\b\d{1,2}:\d{2}:\d{2}(?: [AP]M)?\b/g;

/**
 * server-everything stamps its dynamic resources with the time of day they were made
 * ("created at 11:12:18 PM", also inside base64 blobs): two runs a second apart differ
 * there and nowhere else. The stamps are masked before answers are compared.
 */
export function maskClock(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    if (key === 'blob') return Buffer.from(Buffer.from(value, 'base64').toString('utf8').replace(CLOCK, 'hh:mm:ss'), 'utf8').toString('base64');
    return value.replace(CLOCK, 'hh:mm:ss');
  }
  if (Array.isArray(value)) return value.map((item) => maskClock(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskClock(v, k)]));
  }
  return value;
}

export type TimelineEvent = { seq: number; type: string; event: { data: Record<string, unknown> } };

/** A session's events in order, as GraphQL shows them. */
export async function sessionTimeline(ledgerUrl: string, tenant: string, sessionId: string): Promise<TimelineEvent[]> {
  const data = await graphqlData<{ session: { timeline: TimelineEvent[] } }>(
    ledgerUrl,
    'query S($id: ID!) { session(id: $id) { timeline { seq type event } } }',
    { id: sessionId },
    { 'x-ledger-tenant': tenant },
  );
  return data.session.timeline;
}

/**
 * The session's `policy.evaluated` events, checking that each is enforced, carries the policy
 * version and the call id, and comes right after the `tool_call.requested` it is about.
 */
export function enforcedPolicyEvents(events: readonly TimelineEvent[], callIds: readonly string[], policyVersion: string): TimelineEvent[] {
  const evaluated = events.filter((e) => e.type === 'policy.evaluated');
  for (const [index, policyEvent] of evaluated.entries()) {
    expect(policyEvent.event.data).toMatchObject({ policy_version: policyVersion, enforced: true, call_id: callIds[index] });
    const previous = events[events.indexOf(policyEvent) - 1]!;
    expect(previous.type).toBe('tool_call.requested');
    expect(previous.event.data['call_id']).toBe(callIds[index]);
  }
  return evaluated;
}
