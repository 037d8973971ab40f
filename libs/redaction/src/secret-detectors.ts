import type { Detector } from './detector';

/**
 * Credential shapes masked by default, on the host (emitter) and again by the ledger at
 * ingest. Every pattern is linear (no nested quantifiers) and none matches its own mask,
 * so redacting twice is a no-op. Order matters: PEM blocks and JWTs go before the shorter
 * patterns that could match a piece of them, keyed AWS secrets before generic assignments.
 *
 * Values sit in plain strings and in JSON text (a ContentRef body), so value character
 * classes stop at `"` and `\`: a mask never swallows the JSON around a value.
 */
const secret = (name: string, pattern: RegExp, hint: RegExp, keep?: number): Detector => ({
  name,
  category: 'secret',
  pattern,
  hint,
  ...(keep === undefined ? {} : { keep }),
});

export const SECRET_DETECTORS: readonly Detector[] = [
  // The whole block; without its END line (a body cut at the size bound) everything after BEGIN that looks like key material.
  secret(
    'private_key',
    /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[A-Za-z0-9+/=\s\\]*)/g,
    /-----BEGIN /,
  ),
  // scheme://user:pass@host: scheme and user stay, only the password is masked.
  secret('url_password', /(\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/@"\\]{1,256}:)(?!\[REDACTED:)[^\s@/"\\]{1,256}(?=@)/gi, /:\/\//, 1),
  secret('jwt', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, /eyJ/),
  secret('aws_access_key_id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, /AKIA|ASIA/),
  // The 40-character secret is only recognisable next to its name.
  secret(
    'aws_secret_access_key',
    /(\b(?:aws_?)?secret_?access_?key["']?\s{0,8}[:=]\s{0,8}["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
    /secret_?access_?key/i,
    1,
  ),
  // A GCP service-account key file: its `private_key` is a PEM block (above), its id is 40 hex digits.
  secret('gcp_private_key_id', /("private_key_id\\?"\s{0,8}:\s{0,8}\\?")[0-9a-f]{40}(?=\\?")/g, /private_key_id/, 1),
  // Azure storage / Service Bus / Event Hubs connection strings, and SAS signatures in URLs.
  secret('azure_storage_key', /(\b(?:AccountKey|SharedAccessKey)=)[A-Za-z0-9/+]{40,88}={0,2}/g, /AccountKey=|SharedAccessKey=/, 1),
  secret('azure_sas_signature', /([?&]sig=)[A-Za-z0-9%/+]{40,}={0,2}/g, /sig=/, 1),
  secret('github_token', /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g, /gh[pousr]_|github_pat_/),
  secret('gitlab_token', /\bgl(?:pat|dt|rt|ptt|soat)-[A-Za-z0-9_-]{20,}/g, /gl(?:pat|dt|rt|ptt|soat)-/),
  secret('slack_token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, /xox[abprs]-/),
  secret('slack_webhook', /(https:\/\/hooks\.slack\.com\/services\/)T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{16,}/g, /hooks\.slack\.com/, 1),
  secret('anthropic_api_key', /\bsk-ant-[A-Za-z0-9_-]{20,}/g, /sk-ant-/),
  secret('openai_api_key', /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, /sk-/),
  secret('google_api_key', /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, /AIza/),
  secret('stripe_key', /\b(?:sk|rk)_live_[0-9A-Za-z]{16,}\b/g, /_live_/),
  // Sixteen characters at least, so prose such as "the bearer of bad news" stays.
  secret('bearer_token', /(\bBearer\s{1,8})[A-Za-z0-9\-._~+/]{16,}=*/gi, /bearer/i, 1),
  // `password=…`, `"pwd": "…"`: the name stays, the value goes (a quoted one up to its closing quote). Placeholders (`$VAR`, `${…}`, `<…>`, `***`) and JSON literals stay.
  secret(
    'password_assignment',
    /(\b(?:password|passwd|pwd)\\?["']?\s{0,8}[:=]\s{0,8}\\?["']?)(?!\[REDACTED:|[$<{%*]|(?:null|true|false)\b)(?:(?<=["'])[^"'\\\n]{3,256}|[^\s"'&,;\\]{3,256})/gi,
    /passw|pwd/i,
    1,
  ),
  secret(
    'api_key_assignment',
    /(\b(?:api[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|secret[_-]?key)\\?["']?\s{0,8}[:=]\s{0,8}\\?["']?)(?!\[REDACTED:|[$<{%*]|(?:null|true|false)\b)(?:(?<=["'])[^"'\\\n]{8,256}|[^\s"'&,;\\]{8,256})/gi,
    /api[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|secret[_-]?key/i,
    1,
  ),
];
