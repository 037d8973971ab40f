import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

const cli = (args: string[]) => runCli(args, { timeoutMs: 60_000, env: { ...process.env, LEDGER_URL: 'http://127.0.0.1:9' } });

describe('mcp-ledger proxy: usage', () => {
  it('explains itself with examples', async () => {
    const run = await cli(['proxy', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: mcp-ledger proxy/m);
    expect(run.stdout).toContain('mcp-ledger proxy --name github -- npx -y @modelcontextprotocol/server-github');
    expect(run.stdout).toContain('--listen 127.0.0.1:8080 --upstream http://127.0.0.1:3001/mcp');
  });

  it.each([
    [['proxy', '--name', 'gh'], /missing the MCP server command/],
    [['proxy', '--', 'node'], /required option '-n, --name <name>'/],
    [['proxy', '--name', 'gh', '--url', 'ledger:4000x', '--', 'node'], /--url "ledger:4000x" must be an http\(s\) URL/],
    [['proxy', '--name', 'gh', '--url', 'not a url', '--', 'node'], /--url "not a url" is not a URL/],
    [['proxy', '--name', 'gh', '--listen', '127.0.0.1:8080'], /needs both --listen HOST:PORT and --upstream URL/],
    [['proxy', '--name', 'gh', '--listen', 'here', '--upstream', 'http://127.0.0.1:1/mcp'], /--listen "here" is not HOST:PORT/],
    [['proxy', '--name', 'gh', '--tenant', 'bad tenant!', '--', 'node'], /--tenant "bad tenant!"/],
    [['proxy', '--name', 'gh', '--policy', '/nonexistent/policy.yaml', '--', 'node'], /--policy \/nonexistent\/policy.yaml: cannot read the policy file/],
    [['proxy', '--name', 'gh', '--policy', '/nonexistent/policy.yaml', '--listen', '127.0.0.1:1', '--upstream', 'http://127.0.0.1:1/mcp'], /--policy \/nonexistent\/policy.yaml: cannot read the policy file/],
  ])('refuses %j with a clear message and a non-zero exit', async (args, message) => {
    const run = await cli(args);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('names a server command that cannot be found and exits 127', async () => {
    const run = await cli(['proxy', '--name', 'ghost', '--spool-dir', '/tmp/mcp-ledger-proxy-cli-spool', '--', 'no-such-mcp-server-xyz', '--flag']);
    expect(run.code).toBe(127);
    expect(run.stderr).toMatch(/cannot start the server command "no-such-mcp-server-xyz": command not found/);
    expect(run.stdout).toBe('');
  });
});
