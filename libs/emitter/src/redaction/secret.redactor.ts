import { SECRET_PATTERNS, SECRET_PRECHECK, sensitiveKeyKind } from './secret-patterns';

/** Maps a JSON value to its redacted copy. Must not mutate its input. */
export type Redactor = (value: unknown) => unknown;

export interface SecretRedactorOptions {
  /** Called once per masked secret, e.g. to count redactions. */
  onRedaction?: (kind: string) => void;
}

/**
 * The default redactor: masks well-known credential shapes in every string, and every
 * string under a key named like a secret (password, token, api_key, authorization…).
 * It returns a copy; the caller's objects are never touched because they are the live
 * MCP messages.
 *
 * @example
 * const redact = createSecretRedactor();
 * redact({ url: 'postgres://app:hunter2@db/x' }); // { url: 'postgres://app:[REDACTED:url_password]@db/x' }
 */
export function createSecretRedactor(options: SecretRedactorOptions = {}): Redactor {
  const report = options.onRedaction ?? (() => undefined);

  const redactString = (text: string): string => {
    // One pass rules out every pattern for most strings (the precheck is not global: no lastIndex).
    if (!SECRET_PRECHECK.test(text)) return text;
    let result = text;
    for (const { kind, pattern, keep = 0 } of SECRET_PATTERNS) {
      pattern.lastIndex = 0;
      if (!pattern.test(result)) continue;
      pattern.lastIndex = 0;
      result = result.replace(pattern, (...groups: unknown[]) => {
        report(kind);
        const kept = groups.slice(1, 1 + keep).join('');
        return `${kept}[REDACTED:${kind}]`;
      });
    }
    return result;
  };

  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return redactString(value);
    if (value === null || typeof value !== 'object' || depth > 64) return value;
    if (Array.isArray(value)) {
      const items = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i += 1) items[i] = walk(value[i], depth + 1);
      return items;
    }
    const copy: Record<string, unknown> = {};
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const member = record[key];
      const kind = typeof member === 'string' && member.length > 0 ? sensitiveKeyKind(key) : undefined;
      if (kind !== undefined) {
        report(kind);
        copy[key] = `[REDACTED:${kind}]`;
      } else {
        copy[key] = walk(member, depth + 1);
      }
    }
    return copy;
  };

  return (value) => walk(value, 0);
}
