import type { Command } from 'commander';
import type { LedgerEmitter, SessionCredentials, TaskOption } from '@mcp-ledger/emitter';
import { Identifier } from '@mcp-ledger/events';
import { policyForTask, type Policy } from '@mcp-ledger/policy';
import { loadPolicyFile } from '../policy/load-policy-file';
import type { ForwardGate } from '../proxy/forward-gate';
import { startHttpProxy } from '../proxy/http-proxy';
import { DefinitionPins } from '../proxy/definition-pins';
import { HttpApprovalsClient } from '../proxy/ledger-approvals.client';
import { createPolicyGate } from '../proxy/policy-gate';
import { credentialEnvNames, parseScopes, serverEnvironment, withCredentials } from '../proxy/credential-env';
import { createProxyEmitter, defaultSpoolBase } from '../proxy/proxy-emitter';
import { runStdioProxy } from '../proxy/stdio-proxy';

interface ProxyFlags {
  name: string;
  url: string;
  approvalsUrl?: string;
  tenant?: string;
  agent?: string;
  task?: string;
  taskName?: string;
  listen?: string;
  upstream?: string;
  spoolDir?: string;
  policy?: string;
  credentialEnv: string[];
  oauthScopes?: string;
  approvalTimeout: string;
  pinDefinitions?: boolean;
}

/**
 * Default wait for a reviewer before a held call is refused (`--approval-timeout`, seconds):
 * under the TypeScript SDK's own 60 s request timeout, so the client hears our answer
 * (-32003, expired) rather than giving up on its own. Hosts with longer timeouts can raise it.
 */
const DEFAULT_APPROVAL_TIMEOUT_S = 55;

function approvalTimeoutMs(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) throw new Error(`--approval-timeout ${JSON.stringify(text)}: expected seconds between 0 and 86400`);
  return Math.round(seconds * 1000);
}

/**
 * The gates in front of the server, built once the emitter exists (a held call's
 * `approval.requested` is flushed through it; pins read `tools/list` answers it records):
 * definition pins first (`--pin-definitions`), then the policy (`--policy`), whose
 * `require_approval` holds calls for a reviewer unless `--approval-timeout 0`.
 */
function governance(options: { flags: ProxyFlags; approvalsUrl: string; tenant?: string; agent?: string; name: string; policy?: Policy }): {
  observe: (emitter: LedgerEmitter) => LedgerEmitter;
  gateFor: (emitter: LedgerEmitter) => ForwardGate | undefined;
} {
  const { flags, approvalsUrl, tenant, agent, name, policy } = options;
  const timeoutMs = approvalTimeoutMs(flags.approvalTimeout);
  const client = new HttpApprovalsClient({ url: approvalsUrl, token: process.env['LEDGER_TOKEN'], tenant, server: name });
  const pins = flags.pinDefinitions ? new DefinitionPins({ server: name, client, log }) : undefined;
  if (pins) log('pinning tool definitions: a tool whose definition changes is blocked until an admin approves the new one');
  return {
    observe: (emitter) => (pins ? pins.observe(emitter) : emitter),
    gateFor: (emitter) => {
      const policyGate =
        policy === undefined
          ? undefined
          : createPolicyGate(policy, { tenant: tenant ?? 'default', agent, server: name }, timeoutMs === 0 ? undefined : { client, timeoutMs, flush: () => emitter.flush(), log });
      return pins ? pins.gate(policyGate) : policyGate;
    },
  };
}

/** Every session this proxy records carries the task it was started for (`source.task`). */
function withTask(emitter: LedgerEmitter, task: TaskOption | undefined): LedgerEmitter {
  if (task === undefined) return emitter;
  return {
    wrap: (transport, options) => emitter.wrap(transport, { ...options, task: options.task ?? task }),
    record: (options) => emitter.record({ ...options, task: options.task ?? task }),
    flush: () => emitter.flush(),
    close: (options) => emitter.close(options),
    stats: () => emitter.stats(),
  };
}

/** Exit code of a usage or configuration error found at start (e.g. an invalid policy file). */
export const CONFIG_ERROR_EXIT = 2;

const EXAMPLES = `
Examples:
  # stdio: in a host's config, replace the server's command with this one
  mcp-ledger proxy --name github -- npx -y @modelcontextprotocol/server-github
  mcp-ledger proxy --name files --url https://ledger.example.com --tenant acme --agent claude-desktop \\
    -- npx -y @modelcontextprotocol/server-filesystem /home/me/projects

  # Streamable HTTP: clients connect to http://127.0.0.1:8080/mcp instead of the upstream
  mcp-ledger proxy --name everything --listen 127.0.0.1:8080 --upstream http://127.0.0.1:3001/mcp

  # enforce a policy: denied tools/call requests are answered with a JSON-RPC error
  # (code -32001) and never reach the server; each decision is a policy.evaluated event
  mcp-ledger proxy --name mail --tenant acme --agent claude-desktop --policy policy.yaml -- node mail-server.js
  mcp-ledger proxy --name mail --policy policy.yaml --listen 127.0.0.1:8080 --upstream http://127.0.0.1:3001/mcp

  # one proxy per task: every event carries source.task, and policy rules with a task selector apply
  mcp-ledger proxy --name repo --agent triage-bot --task JIRA-142 --policy per-task.yaml -- node repo-server.js

  # require_approval holds the call until a reviewer decides (GraphQL decideApproval), at most 5 minutes;
  # --pin-definitions blocks a tool whose definition changed until an admin approves it
  mcp-ledger proxy --name repo --policy policy.yaml --approval-timeout 300 --pin-definitions -- node repo-server.js

  # distributed mode: events to the ingest gateway, approvals asked of an API given Kafka brokers
  mcp-ledger proxy --name repo --policy policy.yaml --url http://ingest:4100 --approvals-url http://api:4000 -- node repo-server.js

Credentials: the names (never the values) of the environment variables the server is started
with that look like credentials (…TOKEN, …KEY, …SECRET, …PASSWORD, …AUTH, …PAT…), plus any named
with --credential-env, and the scopes given with --oauth-scopes, are recorded in each session's
session.started (inventory: servers { credentials }). In HTTP mode the upstream runs elsewhere, so
only declared names are recorded, and a Bearer token's scopes are opaque to the proxy: give them
with --oauth-scopes when known.

Everything after \`--\` is the server's command line, run as is. The MCP exchange passes through
byte for byte; each connection is recorded as one ledger session (source.kind "proxy", server
name from --name). Events go to --url (LEDGER_URL, default http://127.0.0.1:4000) with the token
in LEDGER_TOKEN; while the ledger is unreachable they wait in a spool directory
(default ${defaultSpoolBase()}/<name>) and are delivered by this or the next run. Held calls and
pinned definitions are asked about at --approvals-url (LEDGER_APPROVALS_URL, default: --url),
with the same token; in the distributed mode --url is the ingest gateway, which has no store,
so point --approvals-url at the API (started with LEDGER_KAFKA_BROKERS). See docs/approvals.md.
The proxy's own messages go to stderr only: stdout is the MCP channel. See docs/proxy.md.`;

function ledgerUrl(text: string, flag = '--url'): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${flag} ${JSON.stringify(text)} is not a URL (example: http://127.0.0.1:4000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${flag} ${JSON.stringify(text)} must be an http(s) URL`);
  return url.href.replace(/\/+$/, '');
}

function upstreamUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--upstream ${JSON.stringify(text)} is not a URL (example: http://127.0.0.1:3001/mcp)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--upstream ${JSON.stringify(text)} must be an http(s) URL`);
  return url;
}

/** `PORT`, `HOST:PORT` or `[IPv6]:PORT`. */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:(\[[^\]]+\]|[^:]+):)?(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535) throw new Error(`--listen ${JSON.stringify(text)} is not HOST:PORT (example: 127.0.0.1:8080)`);
  return { host: (match[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}

function identifier(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = Identifier.safeParse(value);
  if (!parsed.success) throw new Error(`${flag} ${JSON.stringify(value)}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

const log = (message: string): void => {
  process.stderr.write(`mcp-ledger proxy: ${message}\n`);
};

/** A usage or configuration error found at start: reported on stderr, exit code 2, nothing started. */
function configError(message: string): void {
  process.stderr.write(`mcp-ledger proxy: ${message}\n`);
  exitAfterStdout(CONFIG_ERROR_EXIT);
}

/** Exits once stdout has taken everything written to it (it is the MCP channel in stdio mode). */
function exitAfterStdout(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

/** Credential names for `session.started`: env names that look like credentials, declared names, scopes. */
function credentialsOf(flags: ProxyFlags, childEnv: NodeJS.ProcessEnv): SessionCredentials | undefined {
  const env = credentialEnvNames(childEnv, flags.credentialEnv ?? []);
  const oauthScopes = flags.oauthScopes === undefined ? undefined : parseScopes(flags.oauthScopes);
  if (env.length === 0 && oauthScopes === undefined) return undefined;
  return oauthScopes === undefined ? { env } : { env, oauthScopes };
}

export function registerProxyCommand(program: Command): void {
  program
    .command('proxy')
    .description('put the ledger in front of any MCP server (stdio or Streamable HTTP) without changing host or server')
    .argument('[command...]', 'stdio mode: the MCP server command line, after `--`')
    .requiredOption('-n, --name <name>', 'name of the proxied server, as recorded in the ledger (e.g. github)')
    .option('-u, --url <url>', 'base URL of the ledger (LEDGER_URL)', process.env['LEDGER_URL'] ?? 'http://127.0.0.1:4000')
    .option('--approvals-url <url>', 'base URL asked about held calls and pinned definitions (LEDGER_APPROVALS_URL; default: --url); the API in the distributed mode', process.env['LEDGER_APPROVALS_URL'] || undefined)
    .option('-t, --tenant <tenant>', 'tenant to record under (default: the ledger default)')
    .option('-a, --agent <agent>', 'agent name to record on every event')
    .option('--task <id>', 'id of the task the agent works on, recorded on every event (source.task) and matched by policy `task` selectors (LEDGER_TASK)', process.env['LEDGER_TASK'] || undefined)
    .option('--task-name <name>', 'a label for --task (LEDGER_TASK_NAME)', process.env['LEDGER_TASK_NAME'] || undefined)
    .option('-l, --listen <host:port>', 'Streamable HTTP mode: address to listen on')
    .option('--upstream <url>', 'Streamable HTTP mode: the upstream MCP endpoint URL')
    .option('-p, --policy <file>', 'enforce this policy file before forwarding tools/call, in stdio and HTTP mode (LEDGER_POLICY_FILE)', process.env['LEDGER_POLICY_FILE'] || undefined)
    .option('--credential-env <name>', 'also record this environment variable name as a credential of the server (repeatable)', (name: string, names: string[]) => [...names, name], [] as string[])
    .option('--oauth-scopes <scopes>', 'OAuth scopes the server was granted, comma separated (recorded as names)')
    .option('--approval-timeout <seconds>', `how long a call the policy holds for approval waits for a reviewer before it is refused (0: refuse at once)`, String(DEFAULT_APPROVAL_TIMEOUT_S))
    .option('--pin-definitions', 'block calls to a tool whose definition changed since its first tools/list until an admin approves the new definition')
    .option('--spool-dir <dir>', 'base directory of the event spool (MCP_LEDGER_SPOOL_DIR)', process.env['MCP_LEDGER_SPOOL_DIR'])
    .addHelpText('after', EXAMPLES)
    .action(async (command: string[], flags: ProxyFlags) => {
      const url = ledgerUrl(flags.url);
      const tenant = identifier('--tenant', flags.tenant);
      const agent = flags.agent;
      const taskId = identifier('--task', flags.task);
      if (flags.taskName !== undefined && taskId === undefined) throw new Error('--task-name needs --task');
      const task = taskId === undefined ? undefined : { id: taskId, ...(flags.taskName === undefined ? {} : { name: flags.taskName.slice(0, 255) }) };
      const name = flags.name.trim();
      if (name.length === 0) throw new Error('--name must not be empty');
      const httpMode = flags.listen !== undefined || flags.upstream !== undefined;

      // Validated before anything starts: a proxy must never run with a policy it could not read.
      let policy: Policy | undefined;
      if (flags.policy !== undefined) {
        try {
          // Task selectors are decided once, for this proxy's --task (calls carry no task of their own here).
          policy = policyForTask(loadPolicyFile(flags.policy), taskId);
        } catch (error) {
          return configError(`--policy ${flags.policy}: ${(error as Error).message}`);
        }
      }

      let governed;
      try {
        const approvalsUrl = flags.approvalsUrl === undefined ? url : ledgerUrl(flags.approvalsUrl, '--approvals-url');
        governed = governance({ flags, approvalsUrl, tenant, agent, name, policy });
      } catch (error) {
        return configError((error as Error).message);
      }
      if (policy !== undefined) log(`enforcing policy ${policy.policyVersion} from ${flags.policy} (${policy.rules.length} rule(s), default ${policy.defaultEffect})`);

      if (httpMode) {
        if (command.length > 0) throw new Error('give either a server command after `--` (stdio mode) or --listen with --upstream (HTTP mode), not both');
        if (flags.listen === undefined || flags.upstream === undefined) throw new Error('Streamable HTTP mode needs both --listen HOST:PORT and --upstream URL');
        const listen = parseListen(flags.listen);
        const upstream = upstreamUrl(flags.upstream);
        const proxyEmitter = createProxyEmitter({ url, token: process.env['LEDGER_TOKEN'], tenant, agent, name, spoolBase: flags.spoolDir });
        const { release } = proxyEmitter;
        // The upstream's environment is not ours: only what the operator declared.
        const emitter = governed.observe(withCredentials(withTask(proxyEmitter.emitter, task), credentialsOf(flags, {})));
        const gate = governed.gateFor(emitter);
        let proxy;
        try {
          proxy = await startHttpProxy({ name, ...listen, upstream, emitter, log, gate });
        } catch (error) {
          await emitter.close({ timeoutMs: 1000 });
          release();
          throw new Error(`cannot listen on ${flags.listen}: ${(error as Error).message}`);
        }
        process.stdout.write(`mcp-ledger proxy "${name}" listening on ${proxy.url} → ${upstream.href} (events to ${url})\n`);
        const stop = async (): Promise<void> => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          await proxy.close();
          await emitter.close({ timeoutMs: 3000 });
          release();
          exitAfterStdout(0);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        return;
      }

      const [executable, ...args] = command;
      if (executable === undefined) {
        throw new Error('missing the MCP server command: mcp-ledger proxy --name <name> [options] -- <command> [args...] (or --listen with --upstream)');
      }
      const proxyEmitter = createProxyEmitter({ url, token: process.env['LEDGER_TOKEN'], tenant, agent, name, spoolBase: flags.spoolDir });
      const { release } = proxyEmitter;
      // The child is started with this process's environment (see runStdioProxy).
      const emitter = governed.observe(withCredentials(withTask(proxyEmitter.emitter, task), credentialsOf(flags, serverEnvironment(process.env))));
      const gate = governed.gateFor(emitter);
      const code = await runStdioProxy({ name, command: executable, args, emitter, gate, log });
      release();
      exitAfterStdout(code);
    });
}
