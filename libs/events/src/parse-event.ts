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

/**
 * Deepest nesting of objects and arrays an event may have. Far beyond any tool's arguments,
 * and far below the depth at which hashing and storing the event (recursive code) would
 * overflow the stack: an event that deep would fail on every retry instead of being refused.
 */
export const MAX_EVENT_DEPTH = 128;

/**
 * The path to the first value nested deeper than `limit` levels, or undefined. Walks with
 * its own stack, so a value of any depth is measured without recursion.
 */
export function pathDeeperThan(value: unknown, limit: number): string | undefined {
  type Node = { value: unknown; depth: number; key: string; parent?: Node };
  const pending: Node[] = [{ value, depth: 0, key: '' }];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.value === null || typeof node.value !== 'object') continue;
    if (node.depth >= limit) {
      const keys: string[] = [];
      for (let at: Node | undefined = node; at?.parent; at = at.parent) keys.unshift(at.key);
      return keys.join('.').slice(0, 300) || '(root)';
    }
    for (const [key, child] of Object.entries(node.value)) pending.push({ value: child, depth: node.depth + 1, key, parent: node });
  }
  return undefined;
}

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
  const deep = pathDeeperThan(value, MAX_EVENT_DEPTH);
  if (deep !== undefined) {
    const message = `nested deeper than ${MAX_EVENT_DEPTH} levels`;
    return { ok: false, rejection: { code: 'invalid_event', message: `invalid ${candidate['type']} event: ${deep}: ${message}`, issues: [{ path: deep, message }] } };
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
