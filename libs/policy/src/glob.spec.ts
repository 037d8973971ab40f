import { describe, expect, it } from 'vitest';
import { compileGlob, escapeGlob, matchGlob } from './glob';

const m = (glob: string, text: string) => matchGlob(compileGlob(glob), text);

describe('glob', () => {
  it('matches literals exactly and * / ? as wildcards', () => {
    expect(m('send_email', 'send_email')).toBe(true);
    expect(m('send_email', 'send_emails')).toBe(false);
    expect(m('support-*', 'support-bot-7')).toBe(true);
    expect(m('support-*', 'support-')).toBe(true);
    expect(m('support-*', 'sales-bot')).toBe(false);
    expect(m('*.acme.example', 'api.eu.acme.example')).toBe(true);
    expect(m('*.acme.example', 'acme.example')).toBe(false);
    expect(m('file_?', 'file_a')).toBe(true);
    expect(m('file_?', 'file_ab')).toBe(false);
    expect(m('*', '')).toBe(true);
    expect(m('', '')).toBe(true);
    expect(m('', 'x')).toBe(false);
  });

  it('treats regex metacharacters literally', () => {
    expect(m('get.file[1]', 'get.file[1]')).toBe(true);
    expect(m('get.file[1]', 'getXfile1')).toBe(false);
  });

  it('escapes so that a name containing * matches only itself', () => {
    expect(m(escapeGlob('rm_*'), 'rm_*')).toBe(true);
    expect(m(escapeGlob('rm_*'), 'rm_everything')).toBe(false);
    expect(m(escapeGlob('a\\?b'), 'a\\?b')).toBe(true);
  });

  // A backtracking regex would not finish this within the test timeout; no timing is asserted.
  it('answers adversarial patterns against long names', () => {
    expect(m('*a*a*a*a*a*b', 'a'.repeat(20_000))).toBe(false);
    expect(m('*a*a*a*a*a*b', `${'a'.repeat(20_000)}b`)).toBe(true);
  });
});
