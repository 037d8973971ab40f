import { describe, expect, it } from 'vitest';
import { redactForViewer } from './redact-for-viewer';

describe('redactForViewer', () => {
  it('keeps keys, arrays and nesting, masks every string and number, keeps booleans and null', () => {
    expect(redactForViewer({ path: '/etc/hosts', limit: 10, recursive: true, since: null, tags: ['a', 2, { deep: 'x' }] })).toEqual({
      path: '[REDACTED:role]',
      limit: '[REDACTED:role]',
      recursive: true,
      since: null,
      tags: ['[REDACTED:role]', '[REDACTED:role]', { deep: '[REDACTED:role]' }],
    });
  });

  it('masks a bare leaf, and names another reason when asked', () => {
    expect(redactForViewer('{"content":[{"type":"text","text":"secret"}]}')).toBe('[REDACTED:role]');
    expect(redactForViewer({ n: 1 }, 'tenant')).toEqual({ n: '[REDACTED:tenant]' });
  });

  it('does not mutate its input', () => {
    const args = { q: 'x', nested: { n: 1 } };
    redactForViewer(args);
    expect(args).toEqual({ q: 'x', nested: { n: 1 } });
  });
});
