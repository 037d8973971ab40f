import { describe, expect, it } from 'vitest';
import { fromClickHouseTime, toClickHouseTime } from './clickhouse-time';

describe('ClickHouse time text', () => {
  it.each([
    ['2026-11-25T10:00:00.000Z', '2026-11-25 10:00:00.000'],
    ['2026-11-25T11:30:00.5+01:30', '2026-11-25 10:00:00.500'],
    ['2026-11-25T10:00:00.123456Z', '2026-11-25 10:00:00.123'],
    ['2026-11-25T10:00:00Z', '2026-11-25 10:00:00.000'],
  ])('converts %s to UTC %s', (iso, text) => {
    expect(toClickHouseTime(iso)).toBe(text);
  });

  it('round-trips to ISO in UTC', () => {
    expect(fromClickHouseTime(toClickHouseTime('2026-11-25T11:00:00.250+01:00'))).toBe('2026-11-25T10:00:00.250Z');
    expect(fromClickHouseTime('2026-11-25 10:00:00')).toBe('2026-11-25T10:00:00.000Z');
  });

  it('refuses text that is not a time', () => {
    expect(() => toClickHouseTime('yesterday')).toThrow(RangeError);
    expect(() => fromClickHouseTime('2026-11-25T10:00:00Z')).toThrow(RangeError);
  });
});
