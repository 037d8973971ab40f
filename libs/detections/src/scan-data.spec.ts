import { describe, expect, it } from 'vitest';
import { BULK_THRESHOLDS } from './personal-data-patterns';
import { scanArguments, scanText } from './scan-data';

const secrets: { kind: string; positive: string; negative: string }[] = [
  { kind: 'aws_access_key_id', positive: 'key AKIAIOSFODNN7EXAMPLE here', negative: 'AKIA is a prefix, AKIAshort too' },
  {
    kind: 'aws_secret_access_key',
    positive: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    negative: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY without its key name',
  },
  { kind: 'gcp_service_account_key', positive: '{"type":"service_account","private_key_id": "0123456789abcdef0123456789abcdef01234567"}', negative: '"private_key_id": "unknown"' },
  {
    kind: 'azure_storage_key',
    positive: `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${'A'.repeat(86)}==;EndpointSuffix=core.windows.net`,
    negative: 'AccountKey=short==',
  },
  { kind: 'github_token', positive: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', negative: 'ghp_short and github_pat_ alone' },
  { kind: 'gitlab_token', positive: 'glpat-abcdefghij0123456789', negative: 'glpat- alone' },
  { kind: 'slack_token', positive: 'xoxb-123456789012-abcdefghijkl', negative: 'xoxo-hugs and kisses' },
  { kind: 'openai_api_key', positive: 'OPENAI=sk-proj-abcdefghijklmnopqrstuvwx', negative: 'a task-list with sk-short' },
  { kind: 'anthropic_api_key', positive: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz', negative: 'sk-ant is an insect' },
  { kind: 'google_api_key', positive: 'AIzaSyA-abcdefghijklmnopqrstuvwxyz01234', negative: 'AIza alone is nothing' },
  { kind: 'stripe_key', positive: 'sk_live_abcdefghijklmnop1234', negative: 'sk_test_abcdefghijklmnop1234 is a test key' },
  {
    kind: 'jwt',
    positive: 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    negative: 'eyJhbGciOiJIUzI1NiJ9 is just base64 json',
  },
  { kind: 'bearer_token', positive: 'Authorization: Bearer abcdef0123456789abcdef', negative: 'the bearer of bad news' },
  { kind: 'private_key', positive: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n-----END OPENSSH PRIVATE KEY-----', negative: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBg' },
  { kind: 'url_password', positive: 'postgres://app:hunter2@db.internal:5432/x', negative: 'https://user@example.com:8443/path and https://example.com:8443/' },
];

describe('secret patterns', () => {
  it.each(secrets)('finds $kind and leaves its look-alike alone', ({ kind, positive, negative }) => {
    expect(scanText(positive).secrets).toEqual({ [kind]: 1 });
    expect(scanText(negative).secrets).toEqual({});
  });

  it('counts the emitter’s markers as masked secrets, and not again as a url password', () => {
    const scan = scanText('postgres://app:[REDACTED:url_password]@db/x and [REDACTED:aws_secret_access_key] twice [REDACTED:aws_secret_access_key]');
    expect(scan.masked).toEqual({ url_password: 1, aws_secret_access_key: 2 });
    expect(scan.secrets).toEqual({});
  });

  it('does not treat prose in brackets as a marker', () => {
    expect(scanText('[REDACTED] and [redacted: nothing here]').masked).toEqual({});
  });
});

const personal: { kind: string; positive: string[]; negative: string[] }[] = [
  { kind: 'email', positive: ['ada.lovelace+ml@example.co.uk', 'x_y@mail.example.org'], negative: ['ada at example dot com', '@handle', 'user@localhost'] },
  {
    kind: 'phone',
    positive: ['+41 44 668 18 00', '+1-202-555-0143', '(202) 555-0143', '202.555.0143', '+4915112345678'],
    negative: ['2026-11-25', '2026-11-25T09:00:00Z', 'version 1.2.3', '12345', 'order 1234567890123'],
  },
  { kind: 'iban', positive: ['DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432'], negative: ['DE89 3704 0044 0532 0130 01', 'AB12 CDEF GHIJ'] },
  {
    kind: 'payment_card',
    positive: ['4111 1111 1111 1111', '5500-0055-5555-5559', '378282246310005'],
    negative: ['4111 1111 1111 1112', '1234567812345670', '9999999999999995', '41111111111111111111111'],
  },
];

describe('personal data patterns', () => {
  it.each(personal)('counts $kind and rejects look-alikes', ({ kind, positive, negative }) => {
    for (const text of positive) expect(scanText(`before ${text} after`).personalData, text).toEqual({ [kind]: 1 });
    for (const text of negative) expect(scanText(`before ${text} after`).personalData[kind], text).toBeUndefined();
  });
});

describe('scanArguments', () => {
  it('reports secrets per top-level argument, with kinds and counts, never values', () => {
    const report = scanArguments({
      to: 'ops@acme.example',
      subject: 'hello',
      body: 'creds: aws_secret_access_key=[REDACTED:aws_secret_access_key] and AKIAIOSFODNN7EXAMPLE',
      headers: { Authorization: 'Bearer abcdef0123456789abcdef' },
    });
    expect(report).toEqual([
      { argument: 'body', secrets: { aws_access_key_id: 1 }, masked: { aws_secret_access_key: 1 }, personalData: {}, bulkKinds: [] },
      { argument: 'headers', secrets: { bearer_token: 1 }, masked: {}, personalData: {}, bulkKinds: [] },
    ]);
    expect(JSON.stringify(report)).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('flags personal data only in bulk', () => {
    const few = Array.from({ length: BULK_THRESHOLDS['email']! - 1 }, (_, i) => `user${i}@example.com`);
    expect(scanArguments({ body: few.join(', ') })).toEqual([]);
    const many = [...few, 'last@example.com'];
    expect(scanArguments({ rows: many.map((email) => ({ email })) })).toEqual([
      { argument: 'rows', secrets: {}, masked: {}, personalData: { email: many.length }, bulkKinds: ['email'] },
    ]);
    const cards = ['4111 1111 1111 1111', '5500 0055 5555 5559', '378282246310005'];
    expect(scanArguments({ csv: cards.join('\n') })[0]?.bulkKinds).toEqual(['payment_card']);
  });

  it('is total and quiet on benign or odd input', () => {
    expect(scanArguments({ city: 'Zurich', n: 3, nested: [[{ ok: true }]] })).toEqual([]);
    expect(scanArguments(null)).toEqual([]);
    expect(scanArguments('AKIAIOSFODNN7EXAMPLE')).toEqual([{ argument: '', secrets: { aws_access_key_id: 1 }, masked: {}, personalData: {}, bulkKinds: [] }]);
    const deep: Record<string, unknown> = {};
    let node = deep;
    for (let i = 0; i < 100; i++) node = (node['x'] = {}) as Record<string, unknown>;
    expect(scanArguments({ deep })).toEqual([]);
  });
});
