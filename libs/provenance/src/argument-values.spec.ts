import { describe, expect, it } from 'vitest';
import { argumentValues } from './argument-values';

describe('argumentValues', () => {
  it('classifies whole short values', () => {
    const values = argumentValues({ to: 'Bob@Example.com', url: 'https://www.site.io/a/', iban: 'GB29NWBK60161331926819', user: 'Fred' });
    expect(values.map((v) => [v.needle, v.kind])).toEqual(
      expect.arrayContaining([
        ['bob@example.com', 'email'],
        ['site.io/a', 'url'],
        ['gb29nwbk60161331926819', 'iban'],
        ['fred', 'name'],
      ]),
    );
  });

  it('finds entities inside free text without tracing their parts again', () => {
    const values = argumentValues({ body: 'Hi! Please visit https://evil.example.com/login and write to mallory@evil.example.com today, Bob.' });
    const needles = values.map((v) => v.needle);
    expect(needles).toContain('evil.example.com/login');
    expect(needles).toContain('evil.example.com');
    expect(needles).toContain('mallory@evil.example.com');
    expect(values.find((v) => v.needle === 'bob')?.kind).toBe('text-entity');
  });

  it('keeps short values of id arguments', () => {
    const values = argumentValues({ file_id: '13', eventId: 7, count: 13 });
    expect(values.map((v) => [v.argument, v.needle, v.kind])).toEqual([
      ['file_id', '13', 'token'],
      ['eventId', '7', 'token'],
    ]);
  });

  it('skips trivial values and walks nested arguments', () => {
    const values = argumentValues({ flag: 'true', items: [{ path: '/srv/data/report-2024.csv' }] });
    expect(values.map((v) => [v.argument, v.kind])).toEqual([['items.0.path', 'path']]);
  });
});
