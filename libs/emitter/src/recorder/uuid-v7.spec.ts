import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuid-v7';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('has the RFC 9562 layout: version 7, variant 10, the Unix milliseconds in the first 48 bits', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0, 123);
    const id = uuidv7(now + 10_000);
    expect(id).toMatch(V7);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(now + 10_000);
  });

  it('is unique and strictly increasing within a millisecond, across pool refills and when the clock steps back', () => {
    const base = Date.now() + 60_000;
    const ids = [uuidv7(base)];
    for (let i = 0; i < 3000; i += 1) ids.push(uuidv7(base));
    for (let i = 0; i < 3000; i += 1) ids.push(uuidv7(base - 5));
    ids.push(uuidv7(base + 1));
    for (const id of ids) expect(id).toMatch(V7);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i += 1) expect(ids[i]! > ids[i - 1]!).toBe(true);
    // The clock stepped back: the last timestamp is kept until the clock passes it.
    expect(parseInt(ids[4000]!.slice(0, 8) + ids[4000]!.slice(9, 13), 16)).toBe(base);
  });
});
