import { MAX_EVENT_DEPTH, parseLedgerEvent, pathDeeperThan, type EventRejectionCode, type LedgerEvent } from '@mcp-ledger/events';

/** One reason an ingest request was refused; `index` is the item's position (0-based). */
export interface IngestItemError {
  index: number;
  code: EventRejectionCode | 'malformed_json' | 'event_too_large' | 'empty_batch';
  message: string;
  issues?: { path: string; message: string }[];
}

export type DecodedIngestBody = { ok: true; events: LedgerEvent[] } | { ok: false; errors: IngestItemError[] };

export interface DecodeOptions {
  /** Largest accepted event, in bytes of its JSON text. */
  maxEventBytes: number;
  /** Stop collecting errors after this many: a bad client should not get a megabyte of them. */
  maxErrors?: number;
}

const NDJSON_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/ndjson'];

const mediaType = (contentType: string | undefined) => (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';

export function isNdjson(contentType: string | undefined): boolean {
  return NDJSON_TYPES.includes(mediaType(contentType));
}

/** The two body formats the ingest takes; anything else (text/plain included) is a 415. */
export function isIngestMediaType(contentType: string | undefined): boolean {
  return mediaType(contentType) === 'application/json' || isNdjson(contentType);
}

/**
 * Decodes a `POST /v1/events` body: a JSON array of envelopes, or NDJSON (one envelope a
 * line; blank lines ignored). All or nothing: any bad item refuses the whole request, so a
 * client never has to work out which half of its batch was stored.
 */
export function decodeIngestBody(body: string, contentType: string | undefined, options: DecodeOptions): DecodedIngestBody {
  const maxErrors = options.maxErrors ?? 100;
  const errors: IngestItemError[] = [];
  const events: LedgerEvent[] = [];
  const items = isNdjson(contentType) ? splitNdjson(body) : splitJsonArray(body, options.maxEventBytes);
  if ('error' in items) return { ok: false, errors: [items.error] };
  if (items.texts.length === 0) {
    return { ok: false, errors: [{ index: 0, code: 'empty_batch', message: 'the request holds no events' }] };
  }
  items.texts.forEach((item, index) => {
    if (errors.length >= maxErrors) return;
    const error = decodeItem(item, index, options.maxEventBytes, events);
    if (error) errors.push(error);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, events };
}

type Items = { texts: (string | { value: unknown; bytes: number })[] } | { error: IngestItemError };

function splitNdjson(body: string): Items {
  return { texts: body.split('\n').filter((line) => line.trim().length > 0) };
}

function splitJsonArray(body: string, maxEventBytes: number): Items {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { error: { index: 0, code: 'malformed_json', message: `the body is not valid JSON: ${(error as Error).message}` } };
  }
  if (!Array.isArray(value)) {
    // A single object is accepted as a batch of one; anything else is a mistake.
    if (value !== null && typeof value === 'object') value = [value];
    else return { error: { index: 0, code: 'malformed_json', message: 'expected a JSON array of events or NDJSON' } };
  }
  // No item can be larger than the whole body: only measure items when the body could hold one too large.
  const measure = Buffer.byteLength(body) > maxEventBytes;
  return {
    texts: (value as unknown[]).map((item) => ({
      value: item,
      // An item too deep to serialise is not measured: parseLedgerEvent refuses it for its depth.
      bytes: measure && pathDeeperThan(item, MAX_EVENT_DEPTH) === undefined ? Buffer.byteLength(JSON.stringify(item) ?? '') : 0,
    })),
  };
}

function decodeItem(
  item: string | { value: unknown; bytes: number },
  index: number,
  maxEventBytes: number,
  events: LedgerEvent[],
): IngestItemError | undefined {
  const bytes = typeof item === 'string' ? Buffer.byteLength(item) : item.bytes;
  if (bytes > maxEventBytes) {
    return { index, code: 'event_too_large', message: `event is ${bytes} bytes; the limit is ${maxEventBytes}` };
  }
  let value: unknown;
  if (typeof item === 'string') {
    try {
      value = JSON.parse(item);
    } catch (error) {
      return { index, code: 'malformed_json', message: `line ${index + 1} is not valid JSON: ${(error as Error).message}` };
    }
  } else {
    value = item.value;
  }
  const parsed = parseLedgerEvent(value);
  if (!parsed.ok) return { index, code: parsed.rejection.code, message: parsed.rejection.message, issues: parsed.rejection.issues };
  events.push(parsed.event);
  return undefined;
}
