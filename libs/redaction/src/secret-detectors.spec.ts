import { describe, expect, it } from 'vitest';
import { createRedactor } from './redactor';
import { SECRET_DETECTORS } from './secret-detectors';

const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';

/** One positive and one near miss per detector: the near miss must come through untouched. */
const cases: { name: string; secret: string; expected: string; nearMiss: string }[] = [
  { name: 'private_key', secret: `a\n${PEM}\nb`, expected: 'a\n[REDACTED:private_key]\nb', nearMiss: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----' },
  {
    name: 'private_key',
    secret: '{"key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    expected: '{"key":"[REDACTED:private_key]',
    nearMiss: 'the header is -----BEGIN CERTIFICATE-----',
  },
  { name: 'url_password', secret: 'postgres://app:hunter2@db.internal:5432/x', expected: 'postgres://app:[REDACTED:url_password]@db.internal:5432/x', nearMiss: 'https://user@example.com:8443/path' },
  {
    name: 'url_password',
    secret: '{"a":"redis://default:s3cr3t@cache:6379","b":"x@y"}',
    expected: '{"a":"redis://default:[REDACTED:url_password]@cache:6379","b":"x@y"}',
    nearMiss: '{"a":"http://host:8080/x","b":"q@r"}',
  },
  {
    name: 'jwt',
    secret: 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    expected: 'token [REDACTED:jwt]',
    nearMiss: 'eyJhbGciOiJIUzI1NiJ9 is just base64 json',
  },
  { name: 'aws_access_key_id', secret: 'key AKIAIOSFODNN7EXAMPLE here', expected: 'key [REDACTED:aws_access_key_id] here', nearMiss: 'AKIA is a prefix, AKIAshort too' },
  {
    name: 'aws_secret_access_key',
    secret: `aws_secret_access_key = ${AWS_SECRET}`,
    expected: 'aws_secret_access_key = [REDACTED:aws_secret_access_key]',
    nearMiss: `${AWS_SECRET} without its key name`,
  },
  {
    name: 'gcp_private_key_id',
    secret: '{"type":"service_account","private_key_id": "0123456789abcdef0123456789abcdef01234567"}',
    expected: '{"type":"service_account","private_key_id": "[REDACTED:gcp_private_key_id]"}',
    nearMiss: '{"private_key_id": "unknown"}',
  },
  {
    name: 'azure_storage_key',
    secret: `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${'A1b/'.repeat(21)}ab==;EndpointSuffix=core.windows.net`,
    expected: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=[REDACTED:azure_storage_key];EndpointSuffix=core.windows.net',
    nearMiss: 'AccountKey=short==',
  },
  {
    name: 'azure_sas_signature',
    secret: 'https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=abcdEFGH1234%2Bijkl5678mnopQRST9012uvwxYZ%3D',
    expected: 'https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=[REDACTED:azure_sas_signature]',
    nearMiss: 'https://example.com/?sig=short',
  },
  { name: 'github_token', secret: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', expected: '[REDACTED:github_token]', nearMiss: 'ghp_short and github_pat_ alone' },
  { name: 'github_token', secret: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', expected: '[REDACTED:github_token]', nearMiss: 'see github.com/pat' },
  { name: 'gitlab_token', secret: 'glpat-abcdefghij0123456789', expected: '[REDACTED:gitlab_token]', nearMiss: 'glpat- alone, glpat-short' },
  { name: 'slack_token', secret: 'xoxb-123456789012-abcdefghijkl', expected: '[REDACTED:slack_token]', nearMiss: 'xoxo-hugs and kisses' },
  {
    name: 'slack_webhook',
    secret: 'https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx',
    expected: 'https://hooks.slack.com/services/[REDACTED:slack_webhook]',
    nearMiss: 'https://hooks.slack.com/services/ is the prefix',
  },
  { name: 'anthropic_api_key', secret: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz', expected: '[REDACTED:anthropic_api_key]', nearMiss: 'sk-ant is an insect' },
  { name: 'openai_api_key', secret: 'OPENAI=sk-proj-abcdefghijklmnopqrstuvwx', expected: 'OPENAI=[REDACTED:openai_api_key]', nearMiss: 'a task-list with sk-short' },
  { name: 'google_api_key', secret: 'AIzaSyA-abcdefghijklmnopqrstuvwxyz01234', expected: '[REDACTED:google_api_key]', nearMiss: 'AIza alone is nothing' },
  { name: 'stripe_key', secret: 'sk_live_abcdefghijklmnop1234', expected: '[REDACTED:stripe_key]', nearMiss: 'sk_test_abcdefghijklmnop1234 is a test key' },
  { name: 'bearer_token', secret: 'Authorization: Bearer abcdef0123456789abcdef', expected: 'Authorization: Bearer [REDACTED:bearer_token]', nearMiss: 'the bearer of bad news' },
  { name: 'password_assignment', secret: 'login with password=hunter2&user=bob', expected: 'login with password=[REDACTED:password_assignment]&user=bob', nearMiss: 'password=${DB_PASSWORD}; passwords are hashed' },
  { name: 'password_assignment', secret: '{"pwd":"correct horse"}', expected: '{"pwd":"[REDACTED:password_assignment]"}', nearMiss: '{"password":null}' },
  { name: 'api_key_assignment', secret: 'api_key: 0123456789abcdef', expected: 'api_key: [REDACTED:api_key_assignment]', nearMiss: 'api_key: <your key here>' },
];

describe('secret detectors', () => {
  it.each(cases)('$name: masks the secret and leaves a near miss alone', ({ name, secret, expected, nearMiss }) => {
    const seen: string[] = [];
    const redactor = createRedactor({ onRedaction: (n) => seen.push(n) });
    expect(redactor.text(secret)).toBe(expected);
    expect(seen).toEqual([name]);
    expect(redactor.text(nearMiss)).toBe(nearMiss);
    expect(seen).toEqual([name]);
  });

  it('has a positive case for every detector', () => {
    expect(new Set(cases.map((c) => c.name))).toEqual(new Set(SECRET_DETECTORS.map((d) => d.name)));
  });

  it.each(cases)('$name: redacting the redacted text again changes and reports nothing', ({ secret }) => {
    const once = createRedactor().text(secret);
    const seen: string[] = [];
    expect(createRedactor({ onRedaction: (n) => seen.push(n) }).text(once)).toBe(once);
    expect(seen).toEqual([]);
  });

  it("every detector's hint is necessary: a positive passes it", () => {
    for (const { name, secret } of cases) {
      const detector = SECRET_DETECTORS.find((d) => d.name === name)!;
      expect(detector.hint!.test(secret), name).toBe(true);
    }
  });
});
