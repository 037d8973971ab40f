import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { graphqlData } from '../support/graphql';

const CLI = join(__dirname, '..', '..', 'apps', 'ledger', 'bin', 'mcp-ledger.js');

/** Headers every request to a test ledger carries: its admin token when one is set. */
export function bearer(): Record<string, string> {
  const token = process.env['LEDGER_TOKEN'];
  return token ? { authorization: `Bearer ${token}` } : {};
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mcp-ledger verify …` as an operator would, in a child process (chDB allows one store per process). */
export async function verifyCli(args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, 'verify', ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

export interface ChainFinding {
  kind: string;
  severity: string;
  summary: string;
  sessionId: string;
  evidence: { tenant: string; session_id: string; seq: number; event_id: string; reason: string; expected: string | null; got: string | null };
}

/** The `chain_broken` findings of a tenant, as an analyst reads them over GraphQL. */
export async function chainFindings(url: string, tenant: string): Promise<ChainFinding[]> {
  const { findings } = await graphqlData<{ findings: { edges: { node: ChainFinding }[] } }>(
    url,
    'query { findings(filter: { kind: ["chain_broken"] }, first: 100) { edges { node { kind severity summary sessionId evidence } } } }',
    {},
    { ...bearer(), 'x-ledger-tenant': tenant },
  );
  return findings.edges.map((edge) => edge.node);
}
