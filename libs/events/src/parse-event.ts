import type { z } from 'zod';
import { LedgerEventSchema, SUPPORTED_SPEC_VERSIONS, type LedgerEvent } from './envelope.schema';
import { isEventType } from './event-types';

/** Why an input is not a valid event; `code` is stable and documented in docs/ingest.md. */
export type EventRejectionCode = 'not_an_object' | 'unsupported_version' | 'unknown_type' | 'invalid_event';

export interface EventRejection {
  code: EventRejectionCode;
  message: string;
  /** JSON paths of the offending fields, e.g. `data.arguments`. */
  issues: { path: string; message: string }[];
}

export type ParseEventResult = { ok: true; event: LedgerEvent } | { ok: false; rejection: EventRejection };

function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(root)';
}

function describe(error: z.ZodError): EventRejection['issues'] {
  return error.issues.slice(0, 20).map((issue) => ({ path: issuePath(issue.path), message: issue.message }));
}

/**
 * Validates one decoded JSON value as a ledger event. The checks run cheapest and most
 * telling first, so a producer gets "unknown type" rather than a wall of schema issues.
 */
export function parseLedgerEvent(value: unknown): ParseEventResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return reject('not_an_object', 'an event must be a JSON object');
  }
  const candidate = value as Record<string, unknown>;
  if (!SUPPORTED_SPEC_VERSIONS.includes(candidate['specversion'] as never)) {
    return reject(
      'unsupported_version',
      `specversion ${JSON.stringify(candidate['specversion'])} is not supported (supported: ${SUPPORTED_SPEC_VERSIONS.join(', ')})`,
    );
  }
  if (!isEventType(candidate['type'])) {
    return reject('unknown_type', `unknown event type ${JSON.stringify(candidate['type'])}`);
  }
  const parsed = LedgerEventSchema.safeParse(value);
  if (!parsed.success) {
    const issues = describe(parsed.error);
    return { ok: false, rejection: { code: 'invalid_event', message: `invalid ${candidate['type']} event: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues } };
  }
  return { ok: true, event: parsed.data as LedgerEvent };
}

function reject(code: EventRejectionCode, message: string): ParseEventResult {
  return { ok: false, rejection: { code, message, issues: [] } };
}
