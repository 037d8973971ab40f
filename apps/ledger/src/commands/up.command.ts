import type { Command } from 'commander';
import { loadLedgerConfig, startEmbeddedLedger } from '@mcp-ledger/embedded-ledger';
import { configFromFlags } from './config-flags';

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
              `  health   ${ledger.url}/healthz`,
              `Try: npx mcp-ledger demo --url ${ledger.url}`,
            ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
