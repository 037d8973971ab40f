import type { Command } from 'commander';
import { Identifier } from '@mcp-ledger/events';
import { kafkaBrokers } from '@mcp-ledger/config';
import { checkLedgerAccess, ledgerOrigin } from '../client/ledger-client';
import { runDemo, type DemoResult } from '../demo/run-demo';

const QUERY_HINT = `{ toolCalls(first: 20) { edges { node { toolName arguments status result { text } session { id } } } } }`;

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run a real MCP client and server (official SDK) through the emitter and send their events to a ledger')
    .option('-u, --url <url>', 'base URL of a running ledger (LEDGER_URL)', process.env['LEDGER_URL'] ?? 'http://127.0.0.1:4000')
    .option('-t, --tenant <tenant>', 'tenant to record under', 'default')
    .option('-k, --kafka <brokers>', 'publish to Kafka (host:port[,…]) instead of a ledger URL: the distributed mode')
    .addHelpText(
      'after',
      '\nTwo sessions are recorded: a normal one, and one where an email carries a hidden instruction that\n' +
        'the agent follows (it reads ~/.aws/credentials and mails them out).\n\n' +
        'The ledger token is read from LEDGER_TOKEN (`mcp-ledger up` prints the first admin key).\n\n' +
        'Example:\n  npx mcp-ledger up &\n  LEDGER_TOKEN=<key> npx mcp-ledger demo --url http://127.0.0.1:4000',
    )
    .action(async (flags: { url: string; tenant: string; kafka?: string }) => {
      const tenant = Identifier.safeParse(flags.tenant);
      if (!tenant.success) throw new Error(`--tenant: ${tenant.error.issues[0]?.message}`);
      if (flags.kafka !== undefined) {
        const brokers = kafkaBrokers.safeParse(flags.kafka);
        if (!brokers.success) throw new Error(`--kafka: ${brokers.error.issues[0]?.message} (example: 127.0.0.1:9092)`);
        const result = await runDemo({ kafkaBrokers: brokers.data, tenant: tenant.data, onSession: printSession });
        printSummary(result, `the projector's ClickHouse, through the API's /graphql`);
        return;
      }
      const url = ledgerOrigin(flags.url);
      // Fails fast on a missing or refused LEDGER_TOKEN instead of spooling events the ledger will not take.
      await checkLedgerAccess(url);

      printSummary(await runDemo({ url, tenant: tenant.data, onSession: printSession }), `${url}/graphql`);
    });
}

function printSession(scenario: string, sessionId: string): void {
  process.stdout.write(`recorded ${scenario} session ${sessionId}\n`);
}

function printSummary(result: DemoResult, where: string): void {
  const { delivered, spooled, dropped, rejected, redactions } = result.stats;
  process.stdout.write(
    `events delivered: ${delivered}, spooled: ${spooled}, dropped: ${dropped}, rejected: ${rejected}; secrets redacted: ${redactions}\n` +
      `\nSee the calls in GraphQL (${where}):\n  ${QUERY_HINT}\n`,
  );
  if (dropped > 0 || rejected > 0 || spooled > 0) process.exitCode = 1;
}
