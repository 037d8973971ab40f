import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Identifier } from '@mcp-ledger/events';
import { replayPolicy, suggestPolicy, type RecordedCall } from '@mcp-ledger/policy';
import { ledgerOrigin, ledgerToken } from '../client/ledger-client';
import { loadPolicyFile } from '../policy/load-policy-file';
import { readRecordedCalls } from '../policy/recorded-calls.reader';

interface LedgerFlags {
  url: string;
  tenant: string;
  since?: string;
}

function ledgerOptions(flags: LedgerFlags) {
  const tenant = Identifier.safeParse(flags.tenant);
  if (!tenant.success) throw new Error(`--tenant: ${tenant.error.issues[0]?.message}`);
  const url = ledgerOrigin(flags.url);
  let since: Date | undefined;
  if (flags.since !== undefined) {
    since = new Date(flags.since);
    if (Number.isNaN(since.getTime())) throw new Error(`--since ${JSON.stringify(flags.since)} is not a date (example: 2026-10-25)`);
  }
  return { url, tenant: tenant.data, since, token: ledgerToken() };
}

const withLedger = (command: Command) =>
  command
    .option('-u, --url <url>', 'base URL of a running ledger (LEDGER_URL)', process.env['LEDGER_URL'] ?? 'http://127.0.0.1:4000')
    .option('-t, --tenant <tenant>', 'tenant whose history to read', 'default')
    .option('-s, --since <date>', 'only calls made since this date/time (ISO 8601)');

export function registerPolicyCommand(program: Command): void {
  const policy = program.command('policy').description('validate policies, suggest least privilege, replay history under a policy');

  policy
    .command('check')
    .description('validate a policy file (syntax and types), naming the line and field of each error')
    .argument('<file>', 'policy file (YAML or JSON)')
    .action((file: string) => {
      const parsed = loadPolicyFile(file);
      process.stdout.write(`${file}: valid (policy_version ${parsed.policyVersion}, ${parsed.rules.length} rule(s), default ${parsed.defaultEffect})\n`);
    });

  withLedger(
    policy
      .command('suggest')
      .description('write a least-privilege policy from the recorded history: exactly the tools each agent (or each task of it) used')
      .option('-o, --out <file>', 'write the policy here instead of stdout')
      .option('--per-task', 'one rule per task the host named (source.task) rather than per agent: each task is granted only the tools it used')
      .option('--policy-version <label>', 'policy_version of the suggestion', `suggested-${new Date().toISOString().slice(0, 10)}`),
  ).action(async (flags: LedgerFlags & { out?: string; policyVersion: string; perTask?: boolean }) => {
    const calls: RecordedCall[] = [];
    for await (const call of readRecordedCalls(ledgerOptions(flags))) calls.push(call);
    const perTask = flags.perTask === true;
    const text = suggestPolicy(calls, { policyVersion: flags.policyVersion, perTask });
    if (flags.out) {
      writeFileSync(flags.out, text);
      const tasks = perTask ? ` in ${new Set(calls.flatMap((call) => (call.task === undefined ? [] : [call.task]))).size} task(s)` : '';
      process.stderr.write(`wrote ${flags.out} from ${calls.length} recorded call(s)${tasks}; review it, then load it\n`);
    } else {
      process.stdout.write(text);
    }
  });

  withLedger(
    policy
      .command('replay')
      .description('re-run recorded history under a policy: what would it have denied or held for approval?')
      .requiredOption('-p, --policy <file>', 'policy file to evaluate'),
  ).action(async (flags: LedgerFlags & { policy: string }) => {
    const compiled = loadPolicyFile(flags.policy);
    const calls: RecordedCall[] = [];
    for await (const call of readRecordedCalls(ledgerOptions(flags))) calls.push(call);
    const report = replayPolicy(compiled, calls);
    process.stdout.write(
      `policy ${report.policyVersion} over ${report.total} recorded call(s): ` +
        `${report.wouldDeny.length} would be denied, ${report.wouldRequireApproval.length} would need approval\n`,
    );
    const task = (call: { task?: string }) => (call.task === undefined ? '' : ` [task ${call.task}]`);
    for (const call of report.wouldDeny) process.stdout.write(`  deny     ${call.sessionId}/${call.callId} ${call.server}.${call.tool}${task(call)}: ${call.reason}\n`);
    for (const call of report.wouldRequireApproval) {
      process.stdout.write(`  approval ${call.sessionId}/${call.callId} ${call.server}.${call.tool}${task(call)}: ${call.reason}\n`);
    }
  });
}
