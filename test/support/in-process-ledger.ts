import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { testAdminToken } from './auth';
import { LEDGER_DATABASE } from '@mcp-ledger/ledger-core';
import { loadLedgerConfig, startEmbeddedLedger, type RunningLedger } from '@mcp-ledger/embedded-ledger';

export interface TestLedger extends RunningLedger {
  database: LedgerDatabase;
  dataDir: string;
}

/**
 * The embedded ledger in this test process, on a free port and a fresh data directory.
 * chdb allows one data directory per process: one ledger per test file.
 */
export async function startTestLedger(env: Record<string, string> = {}): Promise<TestLedger> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mcp-ledger-test-'));
  const config = loadLedgerConfig({
    LEDGER_PORT: '0',
    LEDGER_DATA_DIR: dataDir,
    LEDGER_LOG_LEVEL: 'warn',
    LEDGER_BOOTSTRAP_TOKEN: testAdminToken(),
    ...env,
  });
  const ledger = await startEmbeddedLedger(config);
  return { ...ledger, database: ledger.app.get<LedgerDatabase>(LEDGER_DATABASE), dataDir };
}
