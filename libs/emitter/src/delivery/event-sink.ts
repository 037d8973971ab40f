/**
 * Where NDJSON event lines go. A rejected `write` is retryable (the batch is spooled
 * and retried in order) unless it rejects with a {@link PermanentSinkError}, which
 * means "this batch will never be accepted": it is counted as rejected and logged.
 */
export interface EventSink {
  /** Each line is the canonical JSON of one event, without a trailing newline. */
  write(lines: string[]): Promise<void>;
  /**
   * Optional: the same batch already encoded, one buffer per event holding the UTF-8 of
   * its line followed by `\n` (the emitter encodes each event once, when it seals it).
   * Used instead of `write` when present, with the same delivery and error semantics.
   */
  writeEncoded?(lines: readonly Uint8Array[]): Promise<void>;
  close(): Promise<void>;
}

/** The sink refused the batch for good (e.g. HTTP 400): retrying would loop forever. */
export class PermanentSinkError extends Error {
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'PermanentSinkError';
  }
}

/** How the emitter reports trouble it cannot throw (it never throws into the MCP call path). */
export interface EmitterLogger {
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger: EmitterLogger = {
  warn: (message) => console.warn(`[mcp-ledger emitter] ${message}`),
  error: (message) => console.error(`[mcp-ledger emitter] ${message}`),
};
