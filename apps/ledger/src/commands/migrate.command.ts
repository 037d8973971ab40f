import type { Command } from 'commander';
import { createLedgerDatabase, runMigrations } from '@mcp-ledger/clickhouse';
import { databaseSettings, loadLedgerConfig } from '@mcp-ledger/embedded-ledger';
import { configFromFlags } from './config-flags';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending ClickHouse migrations (deploy/clickhouse/migrations) and exit')
    .option('-d, --data-dir <dir>', 'embedded store directory (LEDGER_DATA_DIR)')
    .addHelpText('after', '\nUses LEDGER_CLICKHOUSE_URL when set. Applied files are checksummed; an edited one is refused.')
    .action(async (flags: { dataDir?: string }) => {
      const config = loadLedgerConfig(configFromFlags(flags));
      const database = createLedgerDatabase(databaseSettings(config));
      try {
        const { applied, skipped } = await runMigrations(database, {
          onProgress: (name: string) => process.stdout.write(`applied ${name}\n`),
        });
        process.stdout.write(`${database.describe()}: ${applied.length} applied, ${skipped} already in place\n`);
      } finally {
        await database.close();
      }
    });
}
