import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

/** Lints source text as if it lived at `file`, with the workspace's own config. */
async function lint(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('dependency direction is enforced by lint', () => {
  it('refuses a pure library importing an I/O library', async () => {
    const messages = await lint(
      'libs/projections/src/probe.ts',
      "import { createLedgerEmitter } from '@mcp-ledger/emitter';\nexport const probe = createLedgerEmitter;\n",
    );
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries.*type:pure/s);
  });

  it('refuses a library importing an app', async () => {
    const messages = await lint(
      'libs/projections/src/probe.ts',
      "import { loadLedgerConfig } from '../../../apps/ledger/src/main';\nexport const probe = loadLedgerConfig;\n",
    );
    expect(messages.some((m) => m.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  });

  it('refuses ClickHouse or Kafka clients outside their adapter libraries', async () => {
    const messages = await lint(
      'libs/graphql-api/src/probe.ts',
      "import { createClient } from '@clickhouse/client';\nimport { Kafka } from 'kafkajs';\nexport const probe = [createClient, Kafka];\n",
    );
    const restricted = messages.filter((m) => m.startsWith('no-restricted-imports')).join('\n');
    expect(restricted).toContain('Only libs/clickhouse may import @clickhouse/client');
    expect(restricted).toContain('Only libs/kafka may import kafkajs');
  });

  it('refuses I/O in a pure library', async () => {
    const messages = await lint('libs/events/src/probe.ts', "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n");
    expect(messages.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('accepts the allowed direction', async () => {
    const messages = await lint(
      'libs/graphql-api/src/probe.ts',
      "import { parseLedgerEvent } from '@mcp-ledger/events';\nexport const probe = parseLedgerEvent;\n",
    );
    expect(messages).toEqual([]);
  });
});
