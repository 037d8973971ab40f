import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlData } from '../support/graphql';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';
import { CLI, eventually } from './proxy-helpers';

/** @modelcontextprotocol/server-filesystem, a published server we did not write (pinned in package.json). */
const FILESYSTEM = join(__dirname, '..', '..', 'node_modules', '@modelcontextprotocol', 'server-filesystem', 'dist', 'index.js');
const TENANT = 'proxy-filesystem';
const scratch = mkdtempSync(join(tmpdir(), 'mcp-ledger-proxy-fs-'));
/** The only directory the server may touch; emptied and filled the same way before each run. */
const ROOT = join(scratch, 'root');
let ledger: LedgerProcess;

beforeAll(async () => {
  ledger = await startLedgerProcess(join(scratch, 'ledger'));
});
afterAll(async () => {
  await ledger?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** A 1×1 PNG, for read_media_file. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function resetRoot(): void {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  writeFileSync(join(ROOT, 'hello.txt'), 'hello, world\n');
  writeFileSync(join(ROOT, 'docs', 'readme.md'), '# Readme\n\nSome text.\n');
  writeFileSync(join(ROOT, 'pixel.png'), PIXEL);
}

function env(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) out[key] = value;
  return out;
}

/** Each run starts from the same directory contents (the server needs ROOT to exist at start). */
async function connect(proxied: boolean): Promise<Client> {
  resetRoot();
  const serverArgs = [FILESYSTEM, ROOT];
  const args = proxied ? [CLI, 'proxy', '--name', 'filesystem', '--url', ledger.url, '--tenant', TENANT, '--spool-dir', join(scratch, 'spool'), '--', process.execPath, ...serverArgs] : serverArgs;
  const client = new Client({ name: 'filesystem-proxy-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args, stderr: 'pipe', env: env() }));
  return client;
}

/** One call per tool the server lists (every one of them), all inside ROOT, in an order that builds on itself. */
function script(): { name: string; arguments: Record<string, unknown> }[] {
  const notes = join(ROOT, 'work', 'notes.txt');
  return [
    { name: 'list_allowed_directories', arguments: {} },
    { name: 'create_directory', arguments: { path: join(ROOT, 'work') } },
    { name: 'write_file', arguments: { path: notes, content: 'line one\nline two\nline three\n' } },
    { name: 'read_text_file', arguments: { path: notes, head: 2 } },
    { name: 'read_file', arguments: { path: notes } },
    { name: 'edit_file', arguments: { path: notes, edits: [{ oldText: 'line two', newText: 'line 2 (edited)' }] } },
    { name: 'read_text_file', arguments: { path: notes, tail: 2 } },
    { name: 'read_multiple_files', arguments: { paths: [notes, join(ROOT, 'hello.txt'), join(ROOT, 'docs', 'readme.md')] } },
    { name: 'read_media_file', arguments: { path: join(ROOT, 'pixel.png') } },
    { name: 'list_directory', arguments: { path: ROOT } },
    { name: 'list_directory_with_sizes', arguments: { path: ROOT, sortBy: 'size' } },
    { name: 'directory_tree', arguments: { path: ROOT } },
    { name: 'move_file', arguments: { source: notes, destination: join(ROOT, 'work', 'moved.txt') } },
    { name: 'search_files', arguments: { path: ROOT, pattern: '**/*.txt' } },
    { name: 'get_file_info', arguments: { path: join(ROOT, 'work', 'moved.txt') } },
    // Refused by the server itself: outside the allowed directory (nothing there is read).
    { name: 'read_text_file', arguments: { path: join(scratch, 'not-allowed.txt') } },
  ];
}

/** get_file_info reports times (created, modified, accessed): the only values that differ between two runs. */
function maskTimes(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/^(created|modified|accessed): .*$/gm, '$1: <time>');
  if (Array.isArray(value)) return value.map(maskTimes);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskTimes(v)]));
  return value;
}

async function exercise(client: Client): Promise<{ answers: unknown[]; called: string[] }> {
  const answers: unknown[] = [await client.ping()];
  const tools = await client.listTools();
  answers.push(tools);
  const calls = script();
  // Every tool the server offers is exercised: a tool added in a later version fails here until scripted.
  expect(new Set(calls.map((call) => call.name))).toEqual(new Set(tools.tools.map((tool) => tool.name)));
  for (const call of calls) answers.push(maskTimes(await client.callTool(call)));
  return { answers, called: calls.map((call) => call.name) };
}

interface Call {
  toolName: string;
  status: string;
  arguments: Record<string, unknown>;
  result: unknown;
  session: { id: string; sourceKind: string | null; transport: string | null };
}

describe('mcp-ledger proxy (stdio) in front of @modelcontextprotocol/server-filesystem', () => {
  it('answers every tool exactly as the server does directly, over a temp directory, and records every call', async () => {
    const direct = await connect(false);
    const viaServer = await exercise(direct);
    await direct.close();

    const proxied = await connect(true);
    const viaProxy = await exercise(proxied);
    await proxied.close();

    expect(viaProxy.answers).toEqual(viaServer.answers);
    // The script did real work (not a run of errors): the edit, the move and the media read.
    const text = JSON.stringify(viaProxy.answers);
    expect(text).toContain('line 2 (edited)');
    expect(text).toContain('moved.txt');
    expect(text).toContain(PIXEL.toString('base64'));
    expect(text).toMatch(/Access denied/);

    const recorded = await eventually(async () => {
      const data = await graphqlData<{ toolCalls: { edges: { node: Call }[] } }>(
        ledger.url,
        '{ toolCalls(first: 100, order: ASC, filter: { serverName: "filesystem" }) { edges { node { toolName status arguments session { id sourceKind transport } } } } }',
        {},
        { 'x-ledger-tenant': TENANT },
      );
      const calls = data.toolCalls.edges.map((edge) => edge.node);
      expect(calls.map((call) => call.toolName)).toEqual(viaProxy.called);
      expect(calls.every((call) => call.status !== 'PENDING' && call.status !== 'REQUESTED')).toBe(true);
      return calls;
    });
    const expected = script();
    for (const [index, call] of recorded.entries()) {
      expect(call.arguments).toEqual(expected[index]!.arguments);
      expect(call.session).toMatchObject({ sourceKind: 'proxy', transport: 'stdio' });
    }
    expect(new Set(recorded.map((call) => call.session.id)).size).toBe(1);
    // The out-of-bounds read is an error result (isError); every other call succeeded.
    expect(recorded.slice(0, -1).map((call) => call.status)).toEqual(recorded.slice(0, -1).map(() => 'OK'));
    expect(recorded.at(-1)?.status).toBe('TOOL_ERROR');
  });
});
