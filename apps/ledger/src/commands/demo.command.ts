import type { Command } from 'commander';
import { Identifier } from '@mcp-ledger/events';
import { runDemo } from '../demo/run-demo';

const QUERY_HINT = `{ toolCalls(first: 20) { edges { node { toolName arguments status result { text } session { id } } } } }`;

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run a real MCP client and server (official SDK) through the emitter and send their events to a ledger')
    .option('-u, --url <url>', 'base URL of a running ledger (LEDGER_URL)', process.env['LEDGER_URL'] ?? 'http://127.0.0.1:4000')
    .option('-t, --tenant <tenant>', 'tenant to record under', 'default')
    .addHelpText(
      'after',
      '\nTwo sessions are recorded: a normal one, and one where an email carries a hidden instruction that\n' +
        'the agent follows (it reads ~/.aws/credentials and mails them out).\n\n' +
        'Example:\n  npx mcp-ledger up &\n  npx mcp-ledger demo --url http://127.0.0.1:4000',
    )
    .action(async (flags: { url: string; tenant: string }) => {
      let base: URL;
      try {
        base = new URL(flags.url);
      } catch {
        throw new Error(`--url ${JSON.stringify(flags.url)} is not a URL (example: http://127.0.0.1:4000)`);
      }
      const tenant = Identifier.safeParse(flags.tenant);
      if (!tenant.success) throw new Error(`--tenant: ${tenant.error.issues[0]?.message}`);
      const url = base.origin;
      const health = await fetch(`${url}/healthz`).catch((error: Error) => {
        throw new Error(`no ledger answers at ${url} (${error.message}); start one with \`npx mcp-ledger up\``);
      });
      if (health.status !== 200) throw new Error(`the ledger at ${url} is not ready (healthz answered ${health.status})`);

      const result = await runDemo({
        url,
        tenant: tenant.data,
        onSession: (scenario, sessionId) => process.stdout.write(`recorded ${scenario} session ${sessionId}\n`),
      });
      const { delivered, spooled, dropped, rejected, redactions } = result.stats;
      process.stdout.write(
        `events delivered: ${delivered}, spooled: ${spooled}, dropped: ${dropped}, rejected: ${rejected}; secrets redacted: ${redactions}\n` +
          `\nSee the calls in GraphQL (${url}/graphql):\n  ${QUERY_HINT}\n`,
      );
      if (dropped > 0 || rejected > 0 || spooled > 0) process.exitCode = 1;
    });
}
