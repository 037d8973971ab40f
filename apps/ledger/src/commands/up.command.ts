import type { Command } from 'commander';
import { loadLedgerConfig, startEmbeddedLedger } from '@mcp-ledger/embedded-ledger';
import type { FirstAdminKey } from '@mcp-ledger/ledger-core';
import { configFromFlags } from './config-flags';

/** The first admin key is shown once, here; only its hash is stored. */
function firstKeyLines(firstKey: FirstAdminKey | undefined): string[] {
  if (firstKey?.kind === 'bootstrap') return ['Admin key: the LEDGER_BOOTSTRAP_TOKEN you set (stored hashed; it is now the first admin key).'];
  if (firstKey?.kind !== 'generated') return [];
  return [
    '',
    'This ledger had no API key, so an admin key was generated. It is shown ONCE and stored only as a hash:',
    '',
    `  export LEDGER_TOKEN=${firstKey.token}`,
    '',
    'Keep it in a password manager. Make narrower keys with `mcp-ledger keys create` (see --help).',
  ];
}

export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description('run the embedded ledger: HTTP ingest, projector and GraphQL API in one process')
    .option('-p, --port <port>', 'port to listen on (LEDGER_PORT, default 4000; 0 picks a free one)')
    .option('--host <host>', 'address to bind (LEDGER_HOST, default 127.0.0.1)')
    .option('-d, --data-dir <dir>', 'where the embedded ClickHouse keeps its data (LEDGER_DATA_DIR)')
    .addHelpText(
      'after',
      '\nWith LEDGER_CLICKHOUSE_URL set, a ClickHouse server is used instead of the embedded engine.\n' +
        'With LEDGER_MODE=gateway (and LEDGER_KAFKA_BROKERS), only the ingest runs, producing to Kafka.\n' +
        'Example:\n  LEDGER_PORT=4100 mcp-ledger up --data-dir ./ledger-data',
    )
    .action(async (flags: { port?: string; host?: string; dataDir?: string }) => {
      const config = loadLedgerConfig(configFromFlags(flags));
      const ledger = await startEmbeddedLedger(config);
      const lines =
        config.LEDGER_MODE === 'gateway'
          ? [
              `MCP Ledger ingest gateway is up (producing to Kafka at ${config.LEDGER_KAFKA_BROKERS?.join(',')})`,
              `  ingest   POST ${ledger.url}/v1/events`,
              `  health   ${ledger.url}/healthz`,
            ]
          : [
              `MCP Ledger is up (${config.LEDGER_CLICKHOUSE_URL ? 'ClickHouse server' : `embedded ClickHouse in ${config.LEDGER_DATA_DIR}`})`,
              `  ingest   POST ${ledger.url}/v1/events`,
              `  GraphQL  ${ledger.url}/graphql${config.LEDGER_ENV === 'development' ? `   (GraphiQL: ${ledger.url}/graphiql)` : ''}`,
              `  page     ${ledger.url}/ui/   (provenance graph: what caused a call, what a document influenced)`,
              `  health   ${ledger.url}/healthz`,
              `Try: LEDGER_TOKEN=<your key> npx mcp-ledger demo --url ${ledger.url}`,
            ];
      process.stdout.write(`${[...lines, ...firstKeyLines(ledger.firstAdminKey)].join('\n')}\n`);
    });
}
