import { randomBytes } from 'node:crypto';
import { loadLedgerConfig } from '../config/ledger.config';
import { startEmbeddedLedger, type RunningLedger } from './start-embedded-ledger';

/**
 * A throwaway embedded ledger for one run of a tool or benchmark, on loopback and a free
 * port, whose only key is an admin token made up here. The caller gets the token;
 * nothing else can use the ledger.
 */
export async function startPrivateLedger(env: Record<string, string>): Promise<RunningLedger & { token: string }> {
  const token = randomBytes(32).toString('base64url');
  const config = loadLedgerConfig({ LEDGER_PORT: '0', LEDGER_HOST: '127.0.0.1', LEDGER_LOG_LEVEL: 'warn', ...env, LEDGER_BOOTSTRAP_TOKEN: token });
  return { ...(await startEmbeddedLedger(config)), token };
}
