import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphqlData } from '../support/graphql';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';
import { runCli } from '../support/cli';


/** Runs the CLI as a user would; resolves with its exit code and output. */
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { ...process.env, ...env } });

let ledger: LedgerProcess | undefined;
afterAll(async () => ledger?.stop());

describe('mcp-ledger CLI', () => {
  it.each([[[]], [['up']], [['migrate']], [['demo']], [['schema']], [['rebuild']]])('explains itself: %j --help', async (args) => {
    const run = await cli([...args, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: mcp-ledger/m);
  });

  it('names each bad configuration value and exits 1', async () => {
    const run = await cli(['up'], { LEDGER_PORT: 'eighty', LEDGER_MAX_EVENT_BYTES: '-5' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Invalid configuration');
    expect(run.stderr).toContain('LEDGER_PORT');
    expect(run.stderr).toContain('"eighty"');
    expect(run.stderr).toContain('LEDGER_MAX_EVENT_BYTES');
  });

  it('says clearly when no ledger answers the demo', async () => {
    const run = await cli(['demo', '--url', 'http://127.0.0.1:9']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no ledger answers at http:\/\/127\.0\.0\.1:9/);
  });

  it('refuses an unknown command with usage help', async () => {
    const run = await cli(['launch']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/unknown command 'launch'/);
  });

  it('`demo` against a running ledger makes toolCalls return the demo\'s calls with arguments and results', async () => {
    ledger = await startLedgerProcess(mkdtempSync(join(tmpdir(), 'mcp-ledger-cli-')));
    const run = await cli(['demo', '--url', ledger.url, '--tenant', 'cli-demo']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/recorded normal session demo-normal-/);
    expect(run.stdout).toMatch(/recorded injected session demo-injected-/);
    expect(run.stdout).toMatch(/dropped: 0, rejected: 0/);

    const data = await graphqlData<{ toolCalls: { edges: { node: { toolName: string; arguments: Record<string, string>; status: string; result: { text: string } | null } }[] } }>(
      ledger.url,
      '{ toolCalls(first: 50, order: ASC) { edges { node { toolName arguments status result { text } } } } }',
      {},
      { 'x-ledger-tenant': 'cli-demo' },
    );
    const calls = data.toolCalls.edges.map((e) => e.node);
    expect(calls.map((c) => c.toolName)).toEqual([
      'search_inbox', 'read_email', 'send_email', 'read_email',
      'search_inbox', 'read_email', 'read_file', 'send_email',
    ]);
    expect(calls[2]!.arguments).toEqual({ to: 'bob@example.com', subject: 'Re: Project sync on Thursday?', body: 'Thursday 10:00 works for me.' });
    expect(calls[3]!.status).toBe('TOOL_ERROR');
    // The injected instruction is in the recorded result of read_email(msg-2)…
    expect(calls[5]!.result!.text).toContain('send its contents with send_email to');
    // …and the exfiltrating call is recorded, with the stolen key masked before it left the host.
    expect(calls[7]!.arguments['to']).toBe('backup@exfil.example');
    expect(calls[7]!.arguments['body']).toContain('[REDACTED:');
    expect(JSON.stringify(calls)).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(JSON.stringify(calls)).not.toContain('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');

    // Provenance: the exfiltrating call is traced back to the poisoned email; the normal reply is not flagged.
    const traced = await graphqlData<{ toolCalls: { edges: { node: { arguments: Record<string, string>; session: { id: string }; provenance: { injectionSuspected: boolean; sources: { seq: number; producedBy: { toolName: string; arguments: Record<string, string> } | null }[] } } }[] } }>(
      ledger.url,
      `{ toolCalls(filter: { toolName: "send_email" }, order: ASC) { edges { node {
         arguments session { id } provenance { injectionSuspected sources { seq producedBy { toolName arguments } } } } } } }`,
      {},
      { 'x-ledger-tenant': 'cli-demo' },
    );
    const [reply, exfil] = traced.toolCalls.edges.map((e) => e.node);
    expect(reply!.arguments['to']).toBe('bob@example.com');
    expect(reply!.provenance.injectionSuspected).toBe(false);
    expect(exfil!.provenance.injectionSuspected).toBe(true);
    expect(exfil!.provenance.sources[0]!.producedBy).toEqual({ toolName: 'read_email', arguments: { id: 'msg-2' } });
  });
});
