import { createRedactor, type CompiledRedaction, type RedactionConfig } from '@mcp-ledger/redaction';

/** Maps a JSON value to its redacted copy. Must not mutate its input. */
export type Redactor = (value: unknown) => unknown;

export interface SecretRedactorOptions {
  /** Called once per masked value, e.g. to count redactions. */
  onRedaction?: (kind: string) => void;
  /**
   * Which detectors run (`@mcp-ledger/redaction`): every secret detector by default;
   * personal data, custom detectors and an allow-list by configuration. Validated here:
   * a bad configuration throws `RedactionConfigError` naming each problem.
   */
  config?: RedactionConfig | CompiledRedaction;
}

/**
 * The default redactor: masks credential shapes in every string, and every string under a
 * key named like a secret (password, token, api_key, authorization…), before anything is
 * hashed or leaves the host. It returns a copy; the caller's objects are never touched
 * because they are the live MCP messages.
 *
 * @example
 * const redact = createSecretRedactor({ config: { enable: ['email'] } });
 * redact({ url: 'postgres://app:hunter2@db/x' }); // { url: 'postgres://app:[REDACTED:url_password]@db/x' }
 */
export function createSecretRedactor(options: SecretRedactorOptions = {}): Redactor {
  const report = options.onRedaction;
  // No JSON Pointers on the host: nothing reports them, and this walk runs on every message.
  const redactor = createRedactor({ config: options.config, trackPaths: false, ...(report ? { onRedaction: (name: string) => report(name) } : {}) });
  return (value) => redactor.value(value);
}
