import { SECRET_DETECTORS } from '@mcp-ledger/redaction';

/**
 * The default secret shapes, as this package exported them before the detectors moved to
 * `@mcp-ledger/redaction` (kept for callers that list or test them). Each is masked as
 * `[REDACTED:<kind>]`; `keep` leading capture groups stay verbatim.
 */
export interface SecretPattern {
  kind: string;
  pattern: RegExp;
  keep?: number;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = SECRET_DETECTORS.map(({ name, pattern, keep }) => ({
  kind: name,
  pattern,
  ...(keep === undefined ? {} : { keep }),
}));
