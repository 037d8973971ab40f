import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '@mcp-ledger/policy';
import { startLedgerProcess, type LedgerProcess } from '../support/ledger-process';
import { runCli } from '../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'mcp-ledger-policy-'));

const cli = (args: string[]) => runCli(args);

let ledger: LedgerProcess;
beforeAll(async () => {
  ledger = await startLedgerProcess(join(dir, 'data'));
  const demo = await cli(['demo', '--url', ledger.url, '--tenant', 'policy-demo']);
  expect(demo.code).toBe(0);
});
afterAll(async () => ledger?.stop());

describe('mcp-ledger policy', () => {
  it('refuses a policy with a syntax error, naming the line and column', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'version: 1\npolicy_version: "x"\ndefault: deny\nrules:\n  - id: a\n    match: { tool: [send_email\n');
    const run = await cli(['policy', 'check', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+`));
  });

  it('refuses a policy with a type error, naming the line and the field', async () => {
    const file = join(dir, 'typed.yaml');
    writeFileSync(file, 'version: 1\npolicy_version: "x"\ndefault: deny\nrules:\n  - id: a\n    match: { tool: 42 }\n    effect: allow\n');
    const run = await cli(['policy', 'check', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/typed\.yaml:6:\d+ rules\[0\]\.match\.tool/);
  });

  it('suggests a least-privilege policy that, replayed over the same history, denies nothing and grants only used tools', async () => {
    const file = join(dir, 'suggested.yaml');
    const suggest = await cli(['policy', 'suggest', '--url', ledger.url, '--tenant', 'policy-demo', '--out', file]);
    expect(suggest.code).toBe(0);
    const parsed = parsePolicy(readFileSync(file, 'utf8'), { fileName: file });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const tools = (tool: string | string[] | undefined) => (tool === undefined ? [] : [tool].flat());
    const granted = new Set(parsed.policy.document.rules.filter((r) => r.effect === 'allow').flatMap((r) => tools(r.match?.tool)));
    expect([...granted].sort()).toEqual(['read_email', 'read_file', 'search_inbox', 'send_email']);
    const replay = await cli(['policy', 'replay', '--url', ledger.url, '--tenant', 'policy-demo', '--policy', file]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/over 8 recorded call\(s\): 0 would be denied, 0 would need approval/);
  });

  it('reports the calls a new policy would have denied', async () => {
    const file = join(dir, 'mail-only-to-us.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'policy_version: "2026-11-25.1"',
        'default: allow',
        'rules:',
        '  - id: mail-to-our-domain-only',
        '    match: { tool: send_email }',
        '    effect: allow',
        '    require:',
        '      args:',
        '        to: { pattern: "@example\\\\.com$" }',
        '',
      ].join('\n'),
    );
    expect((await cli(['policy', 'check', file])).code).toBe(0);
    const replay = await cli(['policy', 'replay', '--url', ledger.url, '--tenant', 'policy-demo', '--policy', file]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/1 would be denied/);
    expect(replay.stdout).toMatch(/deny\s+demo-injected-\S+ demo-mail\.send_email: .*to/);
  });
});
