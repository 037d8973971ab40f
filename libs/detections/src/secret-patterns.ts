/**
 * Shapes of credentials that matter when they leave: cloud keys, API tokens, private
 * keys, passwords in URLs. Independent of the emitter's redactor on purpose — these run
 * on what reached the ledger, so they catch what an emitter without redaction (or with
 * an older pattern set) let through. Every pattern is linear (no nested quantifiers).
 */
export interface SecretPattern {
  kind: string;
  pattern: RegExp;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { kind: 'private_key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/g },
  { kind: 'url_password', pattern: /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/@]{1,128}:[^\s@/]{1,256}@/gi },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  { kind: 'aws_access_key_id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'aws_secret_access_key', pattern: /\b(?:aws_?)?secret_?access_?key["']?\s{0,8}[:=]\s{0,8}["']?[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi },
  { kind: 'gcp_service_account_key', pattern: /"private_key_id"\s{0,8}:\s{0,8}"[0-9a-f]{40}"/g },
  { kind: 'azure_storage_key', pattern: /\bAccountKey=[A-Za-z0-9/+]{86}==/g },
  { kind: 'github_token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { kind: 'gitlab_token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { kind: 'slack_token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { kind: 'anthropic_api_key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai_api_key', pattern: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g },
  { kind: 'google_api_key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { kind: 'stripe_key', pattern: /\b(?:sk|rk)_live_[0-9A-Za-z]{16,}\b/g },
  { kind: 'bearer_token', pattern: /\bBearer\s{1,8}[A-Za-z0-9\-._~+/]{16,}=*/gi },
];

/** What an emitter left where it masked a secret: `[REDACTED:<kind>]`. */
export const REDACTION_MARKER = /\[REDACTED:([A-Za-z0-9_.-]{1,64})\]/g;
