import { canonicalJson, computeEventHash, type LedgerEvent } from '@mcp-ledger/events';
import { createRedactor, SECRET_DETECTORS, type ValueRedactor } from '@mcp-ledger/redaction';

/** One value the ledger masked: where (JSON Pointer into the event) and which detector. */
export interface LedgerRedactionEntry {
  path: string;
  detector: string;
  /** For a ContentRef body: the JSON Pointer inside the body's JSON (absent when the body was masked as text). */
  body_path?: string;
}

/**
 * What the `events.ledger_redaction` column holds for an event the ledger changed at
 * ingest (ADR 0015). The event keeps the emitter's `hash` and `prev_hash`, so the chain
 * still links; `stored_hash` is the chain hash of the event as stored, with which
 * `mcp-ledger verify` checks the stored payload instead of `hash`.
 */
export interface LedgerRedactionRecord {
  by: 'ledger';
  version: 1;
  stored_hash: string;
  redactions: LedgerRedactionEntry[];
}

export interface RedactedAtIngest {
  event: LedgerEvent;
  /** Absent when nothing slipped through: the event is stored exactly as received. */
  record?: LedgerRedactionRecord;
}

interface ContentRefShape {
  hash: string;
  truncated: boolean;
  body: string;
}

const isContentRef = (value: unknown): value is ContentRefShape =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  typeof (value as ContentRefShape).body === 'string' &&
  typeof (value as ContentRefShape).truncated === 'boolean' &&
  typeof (value as ContentRefShape).hash === 'string';

const pointerToken = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Masks every secret the ledger's detectors find in an event's `data`: arguments,
 * results, resource contents, prompt messages, errors, definitions — every string. A
 * ContentRef body is parsed and redacted as JSON (keys named like secrets included) when
 * it is whole, and literal by literal when it was cut at the emitter's bound. Hashes (`hash`,
 * `arguments_hash`, `definition_hash`, ContentRef `hash`) are identities other events
 * refer to and stay as sent. Pure and deterministic: a redelivered event redacts the same.
 *
 * Personal data is not re-checked here: whether it may be stored is the emitter's
 * configuration (docs/redaction.md).
 */
export function redactEventAtIngest(event: LedgerEvent, redactor: IngestRedactor = DEFAULT_INGEST_REDACTOR): RedactedAtIngest {
  const entries: LedgerRedactionEntry[] = [];
  const data = event.data as Record<string, unknown>;
  const redacted: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    const path = `/data/${pointerToken(key)}`;
    const member = data[key];
    redacted[key] = isContentRef(member) ? redactContentRef(member, path, redactor, entries) : redactor.redact(member, path, entries);
  }
  if (entries.length === 0) return { event };
  const stored = { ...event, data: redacted } as LedgerEvent;
  return {
    event: stored,
    record: {
      by: 'ledger',
      version: 1,
      stored_hash: computeEventHash(stored as unknown as Record<string, unknown> & { prev_hash: string | null }),
      redactions: entries,
    },
  };
}

function redactContentRef(ref: ContentRefShape, path: string, redactor: IngestRedactor, entries: LedgerRedactionEntry[]): unknown {
  const bodyPath = `${path}/body`;
  let parsed: unknown;
  let whole = !ref.truncated;
  if (whole) {
    try {
      parsed = JSON.parse(ref.body);
    } catch {
      // Not JSON after all (an emitter outside this repo): redact it as the text it is.
      whole = false;
    }
  }
  if (whole) {
    const found: LedgerRedactionEntry[] = [];
    const body = redactor.redact(parsed, '', found);
    if (found.length === 0) return ref;
    for (const entry of found) entries.push({ path: bodyPath, detector: entry.detector, body_path: entry.path });
    return { ...ref, body: canonicalJson(body) };
  }
  const before = entries.length;
  // A cut body is a prefix of JSON: its string literals decoded first, then the rest as text.
  const body = redactor.redactText(ref.truncated ? redactor.redactJsonText(ref.body, bodyPath, entries) : ref.body, bodyPath, entries);
  return entries.length === before ? ref : { ...ref, body };
}

/** The secret detectors and secret-named keys, reporting into a list of entries. */
export class IngestRedactor {
  private sink: LedgerRedactionEntry[] = [];
  private readonly redactor: ValueRedactor;

  constructor() {
    // Secrets only, no allow-list: the ledger has no say over which test keys an emitter may send.
    this.redactor = createRedactor({ onRedaction: (detector, path) => this.sink.push({ path, detector }) });
  }

  redact(value: unknown, path: string, into: LedgerRedactionEntry[]): unknown {
    this.sink = into;
    return this.redactor.value(value, path);
  }

  redactText(text: string, path: string, into: LedgerRedactionEntry[]): string {
    this.sink = into;
    return this.redactor.text(text, path);
  }

  redactJsonText(text: string, path: string, into: LedgerRedactionEntry[]): string {
    this.sink = into;
    return this.redactor.jsonText(text, path);
  }
}

const DEFAULT_INGEST_REDACTOR = new IngestRedactor();

/** The detector names the ledger re-checks, for documentation and tests. */
export const INGEST_DETECTORS: readonly string[] = SECRET_DETECTORS.map((d) => d.name);
