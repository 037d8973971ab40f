import fc from 'fast-check';
import { EVENT_TYPES, type LedgerEvent } from '@mcp-ledger/events';
import { sealSession, toolCallDrafts } from '../support/event-factory';
import { badTime, hostileString, POLLUTING_KEYS, sqlish } from './adversarial-values';

/** One request to `POST /v1/events`, and what the ledger must do with it. */
export interface IngestInput {
  /** How the input was made, for failure messages. */
  label: string;
  body: string | Uint8Array;
  /** undefined: no content-type header at all. */
  contentType: string | undefined;
  /** Ids of the well-formed events in the body: stored all together (202) or not at all. */
  eventIds: string[];
  /** `refuse`: a 4xx; `accept`: 202 with every event counted; `either`: whichever, but consistently. */
  expect: 'refuse' | 'accept' | 'either';
  /** For a batch refused because of exactly one bad item: its position. */
  badIndex?: number;
  /** Events in the body when accepted (202 `accepted`). */
  eventCount: number;
}

const NDJSON = 'application/x-ndjson';
const JSON_TYPE = 'application/json';

/** A sealed session of 1–5 events with plain values, in `tenant`. */
function validSession(tenant: string): fc.Arbitrary<LedgerEvent[]> {
  return fc.integer({ min: 0, max: 2 }).map((calls) => {
    const drafts: { type: string; data: Record<string, unknown> }[] = [{ type: 'session.started', data: { 'mcp.protocol.version': '2025-06-18' } }];
    for (let i = 0; i < calls; i++) drafts.push(...toolCallDrafts(`call-${i}`, 'echo', { text: `message ${i}` }, `echo: message ${i}`));
    return sealSession(drafts, { tenant });
  });
}

/** A sealed session whose tool name, arguments and result are hostile, but schema-valid. */
function hostilePayloadSession(tenant: string): fc.Arbitrary<LedgerEvent[]> {
  const args = fc.dictionary(fc.oneof(fc.constantFrom(...POLLUTING_KEYS), hostileString), fc.oneof(hostileString, fc.jsonValue({ maxDepth: 3 })), {
    maxKeys: 4,
  });
  const toolName = fc.oneof(sqlish, fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }));
  return fc.tuple(toolName, args, hostileString).map(([tool, a, text]) => sealSession(toolCallDrafts('call-x', tool, a, text), { tenant }));
}

const serialise = (events: readonly unknown[], contentType: string) =>
  contentType === NDJSON ? events.map((e) => JSON.stringify(e)).join('\n') : JSON.stringify(events);

const ids = (events: readonly LedgerEvent[]) => events.map((e) => e.id);

type Mutation = { label: string; apply: (event: Record<string, unknown>) => unknown; text?: (json: string) => string };

const ENVELOPE_FIELDS = ['specversion', 'id', 'type', 'time', 'tenant', 'session_id', 'seq', 'source', 'prev_hash', 'hash', 'data'];

const set = (path: readonly string[], value: unknown) => (event: Record<string, unknown>) => {
  const copy = structuredClone(event);
  let target = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    if (target[key] === null || typeof target[key] !== 'object') target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  Object.defineProperty(target, path.at(-1)!, { value, enumerable: true, configurable: true, writable: true });
  return copy;
};

/** Stands for a nesting too deep to build as an object here; spliced into the JSON text. */
const DEEP = '@@deep-nesting@@';

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
}

/** Changes that make an event invalid: the ledger must refuse it (and its whole batch). */
const refusedMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...ENVELOPE_FIELDS).map((field) => ({
    label: `without ${field}`,
    apply: (event: Record<string, unknown>) => Object.fromEntries(Object.entries(event).filter(([key]) => key !== field)),
  })),
  fc
    .constantFrom<[string, unknown]>(
      ['id', 42], ['time', 1764061200000], ['tenant', []], ['seq', '1'], ['seq', -1], ['seq', 1.5], ['seq', Number.MAX_SAFE_INTEGER + 2],
      ['source', 'emitter'], ['data', []], ['data', null], ['prev_hash', 5], ['hash', 'sha256:xyz'], ['specversion', '0.9'],
      ['specversion', 1], ['type', null], ['session_id', ''], ['tenant', 'a'.repeat(129)], ['seq', nested(50)], ['source', nested(200)],
    )
    .map(([field, value]) => ({ label: `${field} = ${JSON.stringify(value)?.slice(0, 40)}`, apply: set([field], value) })),
  fc.oneof(sqlish, fc.string({ maxLength: 30 })).filter((t) => !(EVENT_TYPES as readonly string[]).includes(t)).map((type) => ({ label: `type ${type}`, apply: set(['type'], type) })),
  fc.oneof(sqlish, fc.string({ maxLength: 40 }), fc.constantFrom('not-a-uuid', '0190a000-0000-7000-8000-00000000000g', '{00000000-0000-0000-0000-000000000000}')).map((id) => ({ label: `id ${id}`, apply: set(['id'], id) })),
  badTime.filter((t) => Number.isNaN(Date.parse(t)) || !/T/.test(t)).map((time) => ({ label: `time ${time}`, apply: set(['time'], time) })),
  fc.tuple(fc.constantFrom('tenant', 'session_id'), fc.oneof(sqlish, fc.constantFrom(' x', 'a b', 'é', '\u0000', '../etc', '-lead'))).map(([field, value]) => ({ label: `${field} ${value}`, apply: set([field], value) })),
  fc.tuple(fc.constantFrom([], ['source'], ['data']), fc.oneof(sqlish, fc.constantFrom('constructor', 'prototype', 'extra'))).map(([path, key]) => ({
    label: `extra field ${[...path, key].join('.')}`,
    apply: set([...path, key], 'x'),
  })),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '0x10', '01', '-1', '"0"', 'null', 'undefined').map((literal) => ({
    label: `seq as ${literal}`,
    apply: (event: Record<string, unknown>) => event,
    text: (json: string) => json.replace(/"seq":\d+/, `"seq":${literal}`),
  })),
  fc.constant({ label: 'huge argument (> max event bytes)', apply: set(['data', 'call_id'], 'x'.repeat(70_000)) }),
);

/** Changes that may or may not be valid; whichever the ledger decides, it must decide for the whole batch. */
const eitherMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.integer({ min: 10, max: 10_000 }).map((depth) => ({
    label: `arguments nested ${depth} deep`,
    apply: set(['data', 'arguments'], { deep: DEEP }),
    text: (json: string) => json.replace(`"${DEEP}"`, `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`),
  })),
  fc.constantFrom(...POLLUTING_KEYS).map((key) => ({
    label: `${key} in envelope and arguments`,
    apply: (event: Record<string, unknown>) => set(['data', 'arguments', key], { polluted: true })(set([key], { polluted: true })(event) as Record<string, unknown>),
  })),
  fc.tuple(fc.constantFrom(['source', 'agent'], ['source', 'host'], ['source', 'transport'], ['data', 'call_id']), hostileString).map(([path, value]) => ({
    label: `${path.join('.')} = hostile`,
    apply: set(path, value),
  })),
  fc.constantFrom('-0', '0.0', '1e0', '0e5').map((literal) => ({ label: `seq as ${literal}`, apply: (e: Record<string, unknown>) => e, text: (json: string) => json.replace(/"seq":\d+/, `"seq":${literal}`) })),
);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function mutate(events: LedgerEvent[], index: number, mutation: Mutation): string {
  const applied = mutation.apply(events[index] as unknown as Record<string, unknown>);
  const text = JSON.stringify(applied);
  return mutation.text ? mutation.text(text) : text;
}

/** One event of a valid session mutated; the other events are valid. */
function mutatedBatch(tenant: string, mutation: fc.Arbitrary<Mutation>, expect: 'refuse' | 'either'): fc.Arbitrary<IngestInput> {
  return fc.tuple(validSession(tenant), mutation, fc.nat(), fc.constantFrom(NDJSON, JSON_TYPE)).map(([events, m, at, contentType]) => {
    const index = at % events.length;
    const lines = events.map((e, i) => (i === index ? mutate(events, i, m) : JSON.stringify(e)));
    // A JSON array with a line that does not parse is refused as a whole body, at index 0.
    const whole = contentType === JSON_TYPE && !parses(lines[index]!);
    return {
      label: `mutated event ${index}/${events.length}: ${m.label} (${contentType})`,
      body: contentType === NDJSON ? lines.join('\n') : `[${lines.join(',')}]`,
      contentType,
      eventIds: ids(events),
      expect,
      badIndex: expect === 'refuse' ? (whole ? 0 : index) : undefined,
      eventCount: events.length,
    };
  });
}

/** Valid events from two sessions with one bad line among them. */
function mixedNdjson(tenant: string): fc.Arbitrary<IngestInput> {
  const badLine = fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).filter((line) => line.trim().length > 0 && !line.includes('\n')),
    fc.constantFrom('[]', 'null', '{}', '"event"', '{"specversion":"1.0"}', '{not json', '\u0000'),
    sqlish.map((s) => s.replace(/\n/g, ' ')).filter((s) => s.trim().length > 0),
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  );
  return fc.tuple(validSession(tenant), validSession(tenant), badLine, fc.nat()).map(([a, b, bad, at]) => {
    const events = [...a, ...b];
    const index = at % (events.length + 1);
    const lines = events.map((e) => JSON.stringify(e));
    lines.splice(index, 0, bad);
    return { label: `ndjson with bad line ${index}: ${bad.slice(0, 40)}`, body: lines.join('\n'), contentType: NDJSON, eventIds: ids(events), expect: 'refuse', badIndex: index, eventCount: events.length + 1 };
  });
}

function truncated(tenant: string): fc.Arbitrary<IngestInput> {
  return fc.tuple(validSession(tenant), fc.constantFrom(NDJSON, JSON_TYPE), fc.nat(), fc.nat()).map(([events, contentType, line, cut]) => {
    const texts = events.map((e) => JSON.stringify(e));
    // Cut inside one line, so that line cannot parse whatever the content type.
    const at = line % texts.length;
    const keep = 1 + (cut % (texts[at]!.length - 1));
    const prefix = contentType === NDJSON ? texts.slice(0, at).concat(texts[at]!.slice(0, keep)).join('\n') : `[${texts.slice(0, at).concat(texts[at]!.slice(0, keep)).join(',')}`;
    return { label: `truncated at line ${at} char ${keep} (${contentType})`, body: prefix, contentType, eventIds: ids(events), expect: 'refuse', eventCount: events.length };
  });
}

function wrongContentType(tenant: string): fc.Arbitrary<IngestInput> {
  const type = fc.constantFrom('text/plain', 'text/csv', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'image/png', undefined);
  return fc.tuple(validSession(tenant), type).map(([events, contentType]) => ({
    label: `valid batch as ${contentType ?? '(no content type)'}`,
    body: contentType === undefined ? new TextEncoder().encode(serialise(events, JSON_TYPE)) : serialise(events, JSON_TYPE),
    contentType,
    eventIds: ids(events),
    expect: 'refuse' as const,
    eventCount: events.length,
  }));
}

function garbage(): fc.Arbitrary<IngestInput> {
  const body = fc.oneof(
    fc.uint8Array({ maxLength: 400 }),
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
    sqlish,
    fc.constantFrom('', '\n\n', '[]', '[[]]', '[null]', '{}', '[{}]', '{"__proto__":{"polluted":true}}', '[1e400]', '\ufeff[]'),
  );
  return fc.tuple(body, fc.constantFrom(NDJSON, JSON_TYPE, 'application/jsonl', 'application/ndjson', 'application/json; charset=utf-8')).map(([b, contentType]) => ({
    label: `garbage ${typeof b === 'string' ? JSON.stringify(b.slice(0, 40)) : `${b.length} bytes`} (${contentType})`,
    body: b,
    contentType,
    eventIds: [],
    expect: 'refuse' as const,
    eventCount: 0,
  }));
}

function validBatch(sessions: fc.Arbitrary<LedgerEvent[]>, expect: 'accept' | 'either', label: string): fc.Arbitrary<IngestInput> {
  return fc.tuple(sessions, fc.constantFrom(NDJSON, JSON_TYPE, 'crlf')).map(([events, kind]) => ({
    label: `${label} (${kind})`,
    body: kind === 'crlf' ? `${events.map((e) => JSON.stringify(e)).join('\r\n')}\r\n\r\n` : serialise(events, kind),
    contentType: kind === 'crlf' ? NDJSON : kind,
    eventIds: ids(events),
    expect,
    eventCount: events.length,
  }));
}

/**
 * Ingest requests, nearly all of them bad. Events are built in `tenant`, whose store the
 * test compares with the batches the ledger acknowledged.
 */
export function ingestInput(tenant: string): fc.Arbitrary<IngestInput> {
  return fc.oneof(
    { arbitrary: garbage(), weight: 20 },
    { arbitrary: mutatedBatch(tenant, refusedMutation, 'refuse'), weight: 35 },
    { arbitrary: mixedNdjson(tenant), weight: 15 },
    { arbitrary: truncated(tenant), weight: 10 },
    { arbitrary: wrongContentType(tenant), weight: 8 },
    { arbitrary: mutatedBatch(tenant, eitherMutation, 'either'), weight: 5 },
    { arbitrary: validBatch(hostilePayloadSession(tenant), 'either', 'hostile tool name, arguments and result'), weight: 4 },
    { arbitrary: validBatch(validSession(tenant), 'accept', 'valid batch'), weight: 3 },
  );
}
