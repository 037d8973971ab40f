import { describe, expect, it } from 'vitest';
import { compareKeys, mergeRows } from './merge-rows';

describe('mergeRows', () => {
  const layout = { k: 'key', a: 'any', lo: 'min', hi: 'max' } as const;
  type Row = { k: string; a: string | null; lo: number | null; hi: string | null };

  it('skips NULLs like SimpleAggregateFunction and keeps the first non-null for any', () => {
    const rows: Row[] = [
      { k: 'x', a: null, lo: 5, hi: null },
      { k: 'x', a: 'first', lo: null, hi: '2026-01-01 00:00:00.000' },
      { k: 'x', a: 'second', lo: 3, hi: '2025-01-01 00:00:00.000' },
    ];
    expect(mergeRows(rows, layout)).toEqual([{ k: 'x', a: 'first', lo: 3, hi: '2026-01-01 00:00:00.000' }]);
  });

  it('sorts keys in byte (code point) order as ClickHouse does', () => {
    const keys = ['\u{1F600}', '\uFF21', 'b', 'B'];
    const rows = keys.map((k) => ({ k, a: null, lo: null, hi: null }));
    expect(mergeRows(rows, layout).map((row) => row.k)).toEqual(['B', 'b', '\uFF21', '\u{1F600}']);
    expect(compareKeys(['a', 2], ['a', 10])).toBeLessThan(0);
  });
});
