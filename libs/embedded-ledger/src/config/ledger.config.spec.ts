import { describe, expect, it } from 'vitest';
import { ConfigError } from '@mcp-ledger/config';
import { loadLedgerConfig } from './ledger.config';

describe('loadLedgerConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = loadLedgerConfig({});
    expect(config.LEDGER_PORT).toBe(4000);
    expect(config.LEDGER_HOST).toBe('127.0.0.1');
    expect(config.LEDGER_CLICKHOUSE_URL).toBeUndefined();
  });

  it('names every bad value and what was given', () => {
    try {
      loadLedgerConfig({ LEDGER_PORT: 'abc', LEDGER_CLICKHOUSE_URL: 'ftp://x', LEDGER_MAX_EVENT_BYTES: '-1' });
      expect.unreachable('a bad configuration must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).message;
      expect(text).toContain('LEDGER_PORT');
      expect(text).toContain('"abc"');
      expect(text).toContain('LEDGER_CLICKHOUSE_URL');
      expect(text).toContain('LEDGER_MAX_EVENT_BYTES');
    }
  });

  it('never echoes a password', () => {
    expect(() => loadLedgerConfig({ LEDGER_CLICKHOUSE_URL: 'not a url', LEDGER_CLICKHOUSE_PASSWORD: 's3cret' })).toThrow(
      /LEDGER_CLICKHOUSE_URL/,
    );
  });

  it('ignores variables that are not LEDGER_*', () => {
    expect(loadLedgerConfig({ PORT: 'abc' }).LEDGER_PORT).toBe(4000);
  });
});
