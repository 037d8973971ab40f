import type { Command } from 'commander';
import { createLedgerDatabase, runMigrations } from '@mcp-ledger/clickhouse';
import { readPolicyFile, rebuildProjections } from '@mcp-ledger/ledger-core';
import { databaseSettings, loadLedgerConfig } from '@mcp-ledger/embedded-ledger';
import { configFromFlags } from './config-flags';

export function registerRebuildCommand(program: Command): void {
  program
    .command('rebuild')
    .description('rebuild every projection table from the event store (run with the ledger stopped)')
    .option('-d, --data-dir <dir>', 'embedded store directory (LEDGER_DATA_DIR)')
    .addHelpText('after', '\nThe events table is the record; tool_calls, sessions, contents and inventory are derived from it.')
    .action(async (flags: { dataDir?: string }) => {
      const config = loadLedgerConfig(configFromFlags(flags));
      // The same policy the ledger judges calls by, so policy_violation findings come back too.
      const policy = config.LEDGER_POLICY_FILE ? readPolicyFile(config.LEDGER_POLICY_FILE) : undefined;
      const database = createLedgerDatabase(databaseSettings(config));
      try {
        await runMigrations(database);
        const result = await rebuildProjections(database, {
          policy,
          onProgress: ({ phase, events }) => process.stderr.write(`\r${phase}: ${events} events`),
        });
        process.stderr.write('\n');
        process.stdout.write(`rebuilt projections from ${result.events} events\n`);
        for (const bad of result.invalid) process.stdout.write(`  stored event ${bad.id} no longer validates: ${bad.reason}\n`);
        if (result.invalid.length > 0) process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
