import type { Command } from 'commander';
import { createLedgerDatabase } from '@mcp-ledger/clickhouse';
import { Identifier } from '@mcp-ledger/events';
import { databaseSettings, loadLedgerConfig } from '@mcp-ledger/embedded-ledger';
import { verifyStoredChains } from '@mcp-ledger/ledger-core';
import { configFromFlags } from './config-flags';

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('re-derive every session hash chain from the events table and report tampering (offline)')
    .option('-d, --data-dir <dir>', 'a stopped embedded store (LEDGER_DATA_DIR); or set LEDGER_CLICKHOUSE_URL')
    .option('-t, --tenant <tenant>', 'only this tenant')
    .addHelpText(
      'after',
      '\nReports each edited, inserted, reordered or deleted event with its tenant, session and seq; exits 1 if any.\n' +
        'Example:\n  npx mcp-ledger verify --data-dir .mcp-ledger/data',
    )
    .action(async (flags: { dataDir?: string; tenant?: string }) => {
      if (flags.tenant !== undefined && !Identifier.safeParse(flags.tenant).success) throw new Error(`--tenant ${JSON.stringify(flags.tenant)} is not a valid tenant`);
      const config = loadLedgerConfig(configFromFlags(flags));
      const database = createLedgerDatabase(databaseSettings(config));
      try {
        const result = await verifyStoredChains(database, {
          tenant: flags.tenant,
          onProgress: (sessions) => process.stderr.write(`\rverified ${sessions} sessions`),
        });
        process.stderr.write('\n');
        for (const session of result.broken) {
          for (const problem of session.problems) {
            process.stdout.write(
              `${problem.kind.toUpperCase()}  ${session.tenant}/${session.sessionId} seq ${problem.seq}${problem.eventId ? ` (event ${problem.eventId})` : ''}: ${problem.detail}\n`,
            );
          }
        }
        const verdict = result.broken.length === 0 ? 'every chain is intact' : `${result.broken.length} session(s) with problems`;
        process.stdout.write(`checked ${result.events} events in ${result.sessions} sessions of ${database.describe()}: ${verdict}\n`);
        if (result.broken.length > 0) process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
