import fc from 'fast-check';

/**
 * SQL an attacker would try against a ClickHouse query built from strings. Each holds at
 * least one of SQL_MARKERS, which the test's own data never contains, so a filter with one
 * of these values must match nothing: a row coming back means the value became SQL.
 */
export const SQL_SNIPPETS = [
  "'; DROP TABLE events; --",
  "' OR '1'='1",
  '1 OR 1=1',
  "1' OR 1=1 --",
  "') OR ('a'='a",
  "\\' UNION SELECT name FROM system.tables --",
  "' UNION ALL SELECT * FROM events --",
  '{tenant:String}',
  "{tenant:String}' OR tenant != '",
  '{limit:UInt32}; SELECT 1',
  "'; TRUNCATE TABLE tool_calls; --",
  "'; ALTER TABLE events DELETE WHERE 1=1; --",
  "x' AND sleep(3) = 0 --",
  "' || (SELECT count() FROM events) || '",
  '" OR ""="',
  "admin'--",
  "/**/OR/**/1=1",
  "%' OR tenant LIKE '%",
  "\\'; DROP DATABASE default; --",
  "1; INSERT INTO events (id) VALUES ('x')",
  "$$'; SELECT 1; --",
  "`events`; DROP TABLE `events`",
  "\u0000' OR 1=1 --",
  "' OR 1=1 FORMAT JSON --",
];

/** What every SQL-ish value holds and the test's seeded data must not: a quote, an operator, a placeholder. */
export const SQL_MARKERS = /['\\;=*|`%$]|\{[a-z]+:[A-Z]/;

/** Unicode that breaks naive handling: NUL, controls, bidi overrides, zero-width, astral, lone surrogates. */
export const HOSTILE_UNICODE = [
  '\u0000',
  '\u0001\u001f\u007f',
  '\u202e\u2066evil\u2069',
  '\u200b\u200d\ufeff',
  '𝕏🦜👩‍👩‍👧',
  '\ud800',
  '\udfff\ud800',
  'ｅｃｈｏ',
  'e\u0301cho',
  '\r\n\t\v\f',
  '\u2028\u2029',
];

/** Keys that pollute prototypes when an object is built by assignment. */
export const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty', 'toString'];

/** A SQL-ish value, alone or glued to plausible text (a real tool name, a random tail). */
export const sqlish: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SQL_SNIPPETS),
  fc
    .tuple(fc.constantFrom('', 'echo', 'test-server', 'message 1', 'default', 'call-0'), fc.constantFrom(...SQL_SNIPPETS), fc.string({ maxLength: 8 }))
    .map(([head, snippet, tail]) => `${head}${snippet}${tail}`),
);

/** Any string an attacker might send: SQL-ish, hostile unicode, random text, long runs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: sqlish, weight: 4 },
  { arbitrary: fc.constantFrom(...HOSTILE_UNICODE), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.constantFrom(...POLLUTING_KEYS), weight: 1 },
  { arbitrary: fc.integer({ min: 300, max: 3000 }).map((n) => 'A'.repeat(n)), weight: 1 },
);

/** Time-ish strings, mostly not valid RFC 3339. */
export const badTime: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'not a date',
    '',
    'NaN',
    '2026-13-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-11-25T25:61:61Z',
    '2026-11-25 09:00:00',
    '99999-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '1969-12-31T23:59:59.999Z',
    '2026-11-25T09:00:00+99:00',
    'Infinity',
  ),
  sqlish,
  fc.string({ maxLength: 30 }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);
