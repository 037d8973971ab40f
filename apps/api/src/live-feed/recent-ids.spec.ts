import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids';

describe('RecentIds', () => {
  it('remembers the last ids up to its capacity, forgetting the least recently seen first', () => {
    const recent = new RecentIds(2);
    recent.remember('a');
    recent.remember('b');
    recent.remember('a');
    recent.remember('c');
    expect(['a', 'b', 'c'].filter((id) => recent.has(id))).toEqual(['a', 'c']);
  });

  it('forgets an id on request, so a later copy is let through', () => {
    const recent = new RecentIds(2);
    recent.remember('a');
    recent.forget('a');
    expect(recent.has('a')).toBe(false);
  });

  it('refuses a window that could hold nothing', () => {
    expect(() => new RecentIds(0)).toThrow(RangeError);
  });
});
