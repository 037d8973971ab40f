import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonQuoted, canonicalJsonWith, quote } from './canonical-json';

/** The original, obviously-correct definition the fast implementation must match exactly. */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value) as string | undefined;
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => referenceCanonicalJson(item)).join(',')}]`;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return referenceCanonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${referenceCanonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/** Small deterministic PRNG so a failure reproduces. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEY_POOL = ['a', 'b', 'B', 'Z', '_', 'é', 'ä', '\u{1F600}', '\uffff', '10', '2', '1', '', 'hash', 'has', 'a b', 'ab', 'aB', '"q"', 'x\ny'];
const STRING_POOL = ['', 'plain', 'quote " and \\ backslash', 'line\nbreak\ttab', '\u0000\u001f control', 'emoji \u{1F600}', 'lone \ud800 surrogate', 'é ü ß'];

function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 7 : 10));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return [0, -0, 1.5, -2e21, 1e-7, 42, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER][Math.floor(next() * 9)];
    case 3:
    case 4:
      return STRING_POOL[Math.floor(next() * STRING_POOL.length)];
    case 5:
      return undefined;
    case 6:
      return next() < 0.5 ? () => 1 : Symbol('s');
    case 7:
      return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth + 1));
    case 8:
    {
      if (next() < 0.2) return new Date(Math.floor(next() * 1e12));
      const replacement = randomValue(next, depth + 1);
      return { toJSON: () => replacement, ignored: 1 };
    }
    default: {
      const object: Record<string, unknown> = {};
      const count = Math.floor(next() * 22);
      for (let i = 0; i < count; i += 1) object[KEY_POOL[Math.floor(next() * KEY_POOL.length)]!] = randomValue(next, depth + 1);
      return object;
    }
  }
}

describe('canonicalJson matches its reference definition', () => {
  it('on 5,000 random values (unicode and numeric keys, undefined, functions, toJSON, non-finite numbers)', () => {
    const next = prng(20261125);
    for (let i = 0; i < 5000; i += 1) {
      const value = randomValue(next, 0);
      expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
    }
  });

  it('canonicalJsonQuoted gives the same text and exactly JSON.stringify of it, on the same random values', () => {
    const next = prng(7);
    for (let i = 0; i < 3000; i += 1) {
      const value = randomValue(next, 0);
      const { json, quoted } = canonicalJsonQuoted(value);
      expect(json).toBe(referenceCanonicalJson(value));
      expect(quoted).toBe(JSON.stringify(json));
    }
  });

  it('canonicalJsonWith takes known objects from the map and gives the same text', () => {
    const next = prng(11);
    for (let i = 0; i < 2000; i += 1) {
      const inner = randomValue(next, 1);
      const value = { a: inner, list: [inner, 1], z: { inner } };
      const known = new Map<object, string>();
      if (inner !== null && typeof inner === 'object') known.set(inner, canonicalJson(inner));
      expect(canonicalJsonWith(value, known)).toBe(referenceCanonicalJson(value));
    }
    const stale = { x: 1 };
    expect(canonicalJsonWith({ stale }, new Map([[stale, '"from the map"']]))).toBe('{"stale":"from the map"}');
    expect(canonicalJson({ stale })).toBe('{"stale":{"x":1}}');
  });

  it('on objects with more keys than the insertion-sort threshold', () => {
    const wide: Record<string, number> = {};
    for (let i = 40; i > 0; i -= 1) wide[`k${i}`] = i;
    expect(canonicalJson(wide)).toBe(referenceCanonicalJson(wide));
  });

  it('quotes every UTF-16 code unit, alone and inside text, exactly as JSON.stringify', () => {
    for (let unit = 0; unit <= 0xffff; unit += 1) {
      const text = `ab${String.fromCharCode(unit)}cd`;
      if (quote(text) !== JSON.stringify(text)) expect(quote(text)).toBe(JSON.stringify(text));
    }
    for (const text of ['', 'plain prose', 'emoji \u{1F600} pair', '\u2028\u2029', '\u007f']) expect(quote(text)).toBe(JSON.stringify(text));
  });

  it('throws where JSON.stringify throws (BigInt)', () => {
    expect(() => canonicalJson({ a: 1n })).toThrow();
    expect(() => referenceCanonicalJson({ a: 1n })).toThrow();
  });
});
