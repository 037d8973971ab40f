import { describe, expect, it } from 'vitest';
import { createRedactor, PERSONAL_DATA_DETECTORS, SECRET_DETECTORS } from '@mcp-ledger/redaction';
import { BULK_THRESHOLDS } from './bulk-thresholds';
import { scanArguments, scanText } from './scan-data';

const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** What the default redactor masks in `text`, by detector: the counts egress must agree with. */
const maskedByRedactor = (text: string) => {
  const counts: Record<string, number> = {};
  createRedactor({ onRedaction: (name) => (counts[name] = (counts[name] ?? 0) + 1) }).text(text);
  return counts;
};

/** Texts whose secrets sit after kept context (`keep` groups), repeat, or only look like one. */
const secretTexts: { text: string; secrets: Record<string, number> }[] = [
  { text: `aws_secret_access_key = ${AWS_SECRET}\nAKIAIOSFODNN7EXAMPLE and again AKIAIOSFODNN7EXAMPLE`, secrets: { aws_secret_access_key: 1, aws_access_key_id: 2 } },
  { text: '{"type":"service_account","private_key_id": "0123456789abcdef0123456789abcdef01234567"}', secrets: { gcp_private_key_id: 1 } },
  { text: 'postgres://app:hunter2@db/x, Authorization: Bearer abcdef0123456789abcdef, password=s3cret!', secrets: { url_password: 1, bearer_token: 1, password_assignment: 1 } },
  {
    text: 'https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx https://a.blob.core.windows.net/c?sig=abcdEFGH1234%2Bijkl5678mnopQRST9012uvwxYZ%3D',
    secrets: { slack_webhook: 1, azure_sas_signature: 1 },
  },
  { text: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n-----END OPENSSH PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\nMIIBIjANBg', secrets: { private_key: 1 } },
  { text: `${AWS_SECRET} without its name, password=\${DB_PASSWORD}, sk_test_abcdefghijklmnop1234, the bearer of bad news`, secrets: {} },
];

describe('secrets', () => {
  it.each(secretTexts)('counts what the redactor masks, under its names: $secrets', ({ text, secrets }) => {
    expect(scanText(text).secrets).toEqual(secrets);
    expect(maskedByRedactor(text)).toEqual(secrets);
  });

  it('counts from the start whatever state a shared detector pattern was left in', () => {
    const { pattern } = SECRET_DETECTORS.find((d) => d.name === 'aws_access_key_id')!;
    pattern.exec('a key AKIAIOSFODNN7EXAMPLE');
    expect(pattern.lastIndex).toBeGreaterThan(0);
    try {
      expect(scanText('AKIAIOSFODNN7EXAMPLE').secrets).toEqual({ aws_access_key_id: 1 });
      expect(scanText('AKIAIOSFODNN7EXAMPLE').secrets).toEqual({ aws_access_key_id: 1 });
    } finally {
      pattern.lastIndex = 0;
    }
  });

  it('counts the markers the redactor leaves as masked secrets, and not again as a url password', () => {
    const masked = createRedactor().text(`postgres://app:hunter2@db/x and aws_secret_access_key=${AWS_SECRET}`);
    const scan = scanText(`${masked} twice [REDACTED:aws_secret_access_key]`);
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
  { kind: 'us_ssn', positive: ['123-45-6789'], negative: ['000-12-3456', '123-45-67890', '123456789'] },
];

describe('personal data patterns', () => {
  it.each(personal)('counts $kind and rejects look-alikes', ({ kind, positive, negative }) => {
    for (const text of positive) expect(scanText(`before ${text} after`).personalData, text).toEqual({ [kind]: 1 });
    for (const text of negative) expect(scanText(`before ${text} after`).personalData[kind], text).toBeUndefined();
  });

  it('counts every personal-data detector, and each has a bulk threshold', () => {
    const kinds = PERSONAL_DATA_DETECTORS.map((d) => d.name);
    expect(new Set(personal.map((p) => p.kind))).toEqual(new Set(kinds));
    expect(new Set(Object.keys(BULK_THRESHOLDS))).toEqual(new Set(kinds));
  });

  it('counts masked personal data as personal data, not as a secret', () => {
    const masked = createRedactor({ config: { enable: ['email'] } }).text(Array.from({ length: BULK_THRESHOLDS['email']! }, (_, i) => `u${i}@example.com`).join(', '));
    expect(scanArguments({ to: masked })).toEqual([{ argument: 'to', secrets: {}, masked: {}, personalData: { email: BULK_THRESHOLDS['email'] }, bulkKinds: ['email'] }]);
    expect(scanArguments({ to: '[REDACTED:email]' })).toEqual([]);
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
