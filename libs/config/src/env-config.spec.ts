import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { kafkaFields } from './config-fragments';
import { ConfigError, configKeys, parseEnvConfig } from './env-config';

const schema = z.object({ ...kafkaFields, LEDGER_CLICKHOUSE_PASSWORD: z.string().min(12) });

describe('parseEnvConfig', () => {
  it('splits and checks a broker list', () => {
    const config = parseEnvConfig(schema, { LEDGER_KAFKA_BROKERS: ' a:9092, b.example:19092 ', LEDGER_CLICKHOUSE_PASSWORD: 'long-enough-pw' });
    expect(config.LEDGER_KAFKA_BROKERS).toEqual(['a:9092', 'b.example:19092']);
    expect(config.LEDGER_KAFKA_CLIENT_ID).toBe('mcp-ledger');
  });

  it('reports every problem by name and masks secrets', () => {
    try {
      parseEnvConfig(schema, { LEDGER_KAFKA_BROKERS: 'nohost', LEDGER_CLICKHOUSE_PASSWORD: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { message } = error as ConfigError;
      expect(message).toMatch(/LEDGER_KAFKA_BROKERS.*host:port/);
      expect(message).toContain('LEDGER_CLICKHOUSE_PASSWORD');
      expect(message).toContain('"***"');
      expect(message).not.toContain('short');
    }
  });

  it('lists the keys a schema accepts', () => {
    expect(configKeys(schema)).toEqual(['LEDGER_CLICKHOUSE_PASSWORD', 'LEDGER_KAFKA_BROKERS', 'LEDGER_KAFKA_CLIENT_ID']);
  });
});
