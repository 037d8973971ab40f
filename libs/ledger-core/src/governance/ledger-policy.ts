import { readFileSync } from 'node:fs';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigError } from '@mcp-ledger/config';
import { formatPolicyError, parsePolicy, type Policy } from '@mcp-ledger/policy';

/**
 * Injection token of the policy the projector judges calls by (post-hoc
 * `policy_violation` findings). Optional: without it no call is judged.
 */
export const LEDGER_POLICY = Symbol('LEDGER_POLICY');

/** Provides LEDGER_POLICY to the whole app (the write path injects it where it needs it). */
@Global()
@Module({})
export class LedgerPolicyModule {
  static forRoot(policy: Policy | undefined): DynamicModule {
    return {
      module: LedgerPolicyModule,
      providers: [{ provide: LEDGER_POLICY, useValue: policy ?? null }],
      exports: [LEDGER_POLICY],
    };
  }
}

/**
 * Reads and validates the policy file named by a setting, at start. Every problem is
 * reported with its line, column and field, as a ConfigError naming the setting, so the
 * process refuses to start instead of judging calls by half a policy.
 *
 * @example
 * const policy = config.LEDGER_POLICY_FILE ? readPolicyFile(config.LEDGER_POLICY_FILE) : undefined;
 */
export function readPolicyFile(path: string, setting = 'LEDGER_POLICY_FILE'): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${setting}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  const parsed = parsePolicy(text, { fileName: path });
  if (!parsed.ok) throw new ConfigError(parsed.errors.map((e) => `${setting}: ${formatPolicyError(e)}`));
  return parsed.policy;
}
