import { existsSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { Identifier } from '@mcp-ledger/events';
import { countLines, importInjectionTraces } from '@mcp-ledger/ingest-client';
import { checkLedgerAccess, ledgerOrigin, ledgerToken } from '../client/ledger-client';

const FORMATS = ['injection-traces'] as const;

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('send a trace file to a running ledger as ordinary events (one session per trace)')
    .argument('<file>', 'trace file, JSON lines, plain or gzipped')
    .requiredOption('-f, --format <format>', `input format: ${FORMATS.join(', ')}`)
    .option('-u, --url <url>', 'base URL of a running ledger (LEDGER_URL)', process.env['LEDGER_URL'] ?? 'http://127.0.0.1:4000')
    .option('-t, --tenant <tenant>', 'tenant to record under', 'default')
    .addHelpText(
      'after',
      '\nThe token (an ingest, or admin, key) is read from LEDGER_TOKEN.\n' +
        'Example:\n  npx mcp-ledger import --url http://127.0.0.1:4000 --format injection-traces ../shared/datasets/injection-traces/dev.jsonl',
    )
    .action(async (file: string, flags: { format: string; url: string; tenant: string }) => {
      if (!FORMATS.includes(flags.format as (typeof FORMATS)[number])) {
        throw new Error(`--format ${JSON.stringify(flags.format)} is not supported (supported: ${FORMATS.join(', ')})`);
      }
      if (!existsSync(file)) throw new Error(`no such file: ${file}`);
      const tenant = Identifier.safeParse(flags.tenant);
      if (!tenant.success) throw new Error(`--tenant: ${tenant.error.issues[0]?.message}`);
      const url = ledgerOrigin(flags.url);
      await checkLedgerAccess(url);

      const total = await countLines(file);
      const bar = new SingleBar(
        { format: 'importing {bar} {value}/{total} traces | {events} events', stream: process.stderr, hideCursor: true },
        Presets.shades_classic,
      );
      bar.start(total, 0, { events: 0 });
      try {
        const result = await importInjectionTraces({
          url,
          file,
          tenant: tenant.data,
          token: ledgerToken(),
          onProgress: ({ traces, events }) => bar.update(traces, { events }),
        });
        bar.stop();
        process.stdout.write(`imported ${result.traces} traces (${result.events} events) into tenant ${tenant.data}\n`);
        for (const bad of result.invalid.slice(0, 20)) process.stdout.write(`  line ${bad.line} skipped: ${bad.reason}\n`);
        if (result.invalid.length > 0) {
          process.stdout.write(`${result.invalid.length} line(s) were not traces and were skipped\n`);
          process.exitCode = 1;
        }
      } finally {
        bar.stop();
      }
    });
}
