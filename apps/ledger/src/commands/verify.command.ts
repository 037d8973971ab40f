import { readFileSync } from 'node:fs';
import { CommanderError, type Command } from 'commander';
import { createLedgerDatabase } from '@mcp-ledger/clickhouse';
import { Identifier } from '@mcp-ledger/events';
import { databaseSettings, loadLedgerConfig } from '@mcp-ledger/embedded-ledger';
import { INTEGRITY_VERIFY_PATH, keyIdFromPem, verifyIntegrity, type IntegrityProblem, type IntegrityReport } from '@mcp-ledger/ledger-core';
import { configFromFlags } from './config-flags';
import { authorizationHeaders } from '../client/ledger-client';

interface VerifyFlags {
  dataDir?: string;
  clickhouseUrl?: string;
  url?: string;
  tenant?: string;
  publicKey: string[];
  json?: boolean;
}

/** A usage or connection problem: exit code 2, unlike tampering (1). */
class VerifyUsageError extends Error {}

const EXIT_TAMPERED = 1;
const EXIT_USAGE = 2;

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('re-derive every session hash chain and check every signed checkpoint; report tampering')
    .option('-d, --data-dir <dir>', 'a stopped embedded store (LEDGER_DATA_DIR)')
    .option('--clickhouse-url <url>', 'a ClickHouse server holding the ledger (LEDGER_CLICKHOUSE_URL)')
    .option('-u, --url <url>', 'a running ledger: ask its GET /v1/integrity/verify (sends LEDGER_TOKEN as a bearer token)')
    .option('-t, --tenant <tenant>', 'only this tenant (with --url: the tenant to act as)')
    .option('--public-key <file>', 'PEM of a trusted checkpoint key, public or private (repeatable; default: LEDGER_CHECKPOINT_KEY_FILE)', collect, [])
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nReports each edited, inserted, reordered or deleted event with its tenant, session and seq, and each\n' +
        'checkpoint that no longer holds (bad signature, deleted session or tail, changed redaction record) with its time.\n' +
        'Exit codes: 0 intact, 1 tampering found, 2 usage or connection error.\n' +
        'Examples:\n' +
        '  npx mcp-ledger verify --data-dir .mcp-ledger/data --public-key checkpoint-public.pem\n' +
        '  LEDGER_TOKEN=… npx mcp-ledger verify --url http://127.0.0.1:4000 --tenant acme --json',
    )
    .exitOverride((error) => {
      throw error.exitCode === 0 ? error : new CommanderError(EXIT_USAGE, error.code, error.message);
    })
    .action(async (flags: VerifyFlags) => {
      try {
        const report = await run(flags);
        print(report, flags);
        if (report.problems.length > 0) process.exitCode = EXIT_TAMPERED;
      } catch (error) {
        process.stderr.write(`mcp-ledger verify: ${(error as Error).message}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function run(flags: VerifyFlags): Promise<IntegrityReport> {
  if (flags.tenant !== undefined && !Identifier.safeParse(flags.tenant).success) throw new VerifyUsageError(`--tenant ${JSON.stringify(flags.tenant)} is not a valid tenant`);
  if (flags.url !== undefined && (flags.dataDir !== undefined || flags.clickhouseUrl !== undefined)) {
    throw new VerifyUsageError('--url asks a running ledger; it does not combine with --data-dir or --clickhouse-url');
  }
  const env: NodeJS.ProcessEnv = { ...configFromFlags(flags), ...(flags.clickhouseUrl !== undefined ? { LEDGER_CLICKHOUSE_URL: flags.clickhouseUrl } : {}) };
  const keyFiles = flags.publicKey.length > 0 ? flags.publicKey : env['LEDGER_CHECKPOINT_KEY_FILE'] ? [env['LEDGER_CHECKPOINT_KEY_FILE']] : [];
  const trusted = keyFiles.length > 0 ? new Set(keyFiles.map(keyIdOfFile)) : undefined;
  if (flags.url !== undefined) return askLedger(flags.url, flags.tenant, trusted);
  const database = createLedgerDatabase(databaseSettings(loadLedgerConfig(env)));
  try {
    const report = await verifyIntegrity(database, {
      tenant: flags.tenant,
      trustedKeyIds: trusted,
      onProgress: (sessions) => process.stderr.write(`\rverified ${sessions} sessions`),
    });
    process.stderr.write('\n');
    return report;
  } finally {
    await database.close();
  }
}

function keyIdOfFile(file: string): string {
  try {
    return keyIdFromPem(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new VerifyUsageError(`--public-key ${file}: not an Ed25519 key in PEM (${(error as Error).message})`);
  }
}

async function askLedger(base: string, tenant: string | undefined, trusted: ReadonlySet<string> | undefined): Promise<IntegrityReport> {
  let url: URL;
  try {
    url = new URL(INTEGRITY_VERIFY_PATH, base);
  } catch {
    throw new VerifyUsageError(`--url ${JSON.stringify(base)} is not a URL`);
  }
  if (tenant !== undefined) url.searchParams.set('tenant', tenant);
  for (const keyId of trusted ?? []) url.searchParams.append('keyId', keyId);
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(tenant !== undefined ? { 'x-ledger-tenant': tenant } : {}),
    ...authorizationHeaders(),
  };
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(10 * 60_000) });
  } catch (error) {
    throw new VerifyUsageError(`cannot reach ${url.origin}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // Not JSON (a proxy's error page): the text as it came.
    }
    throw new VerifyUsageError(`${url.origin} answered ${response.status}: ${message.slice(0, 300)}`);
  }
  const report = JSON.parse(text) as IntegrityReport;
  return { ...report, target: `${url.origin} (${report.target})` };
}

function location(problem: IntegrityProblem): string {
  if (problem.sessionId === undefined) return `${problem.tenant} checkpoint ${problem.checkpoint?.createdAt} ${problem.checkpoint?.digest}`;
  const at = `${problem.tenant}/${problem.sessionId} seq ${problem.seq}`;
  if (problem.eventId !== undefined) return `${at} (event ${problem.eventId})`;
  return problem.checkpoint ? `${at} (checkpoint ${problem.checkpoint.createdAt})` : at;
}

function print(report: IntegrityReport, flags: VerifyFlags): void {
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  for (const problem of report.problems) process.stdout.write(`${problem.kind.toUpperCase()}  ${location(problem)}: ${problem.detail}\n`);
  if (report.checkpoints === 0) process.stdout.write('no checkpoints: a deleted session or tail cannot be detected\n');
  else if (!report.pinned) {
    process.stdout.write(`checkpoint signatures checked against the key stored with each (${report.keyIds.join(', ')}); pass --public-key to pin the key\n`);
  }
  const sessions = new Set(report.problems.map((p) => `${p.tenant}/${p.sessionId ?? ''}`)).size;
  const verdict = report.problems.length === 0 ? 'every chain is intact and every checkpoint holds' : `${report.problems.length} problem(s) in ${sessions} session(s) or checkpoint(s)`;
  process.stdout.write(`checked ${report.events} events in ${report.sessions} sessions and ${report.checkpoints} checkpoints of ${report.target}: ${verdict}\n`);
}
