import { readFileSync } from 'node:fs';
import { formatPolicyError, parsePolicy, type Policy } from '@mcp-ledger/policy';

/** Reads and validates a policy file; every error names its line, column and field. */
export function loadPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the policy file ${file}: ${(error as Error).message}`);
  }
  const parsed = parsePolicy(text, { fileName: file });
  if (!parsed.ok) throw new Error(`the policy file is invalid:\n${parsed.errors.map((e) => `  ${formatPolicyError(e)}`).join('\n')}`);
  return parsed.policy;
}
