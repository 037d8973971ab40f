import { z } from 'zod';
import { Sha256Ref } from './content.schema';
import { EVENT_DATA_SCHEMAS, EVENT_TYPES, type EventData, type EventType } from './event-types';

/** The envelope version this code writes and accepts. */
export const SPEC_VERSION = '1.0';
export const SUPPORTED_SPEC_VERSIONS = [SPEC_VERSION] as const;

/** Tenants and session ids appear in keys and URLs: keep them to a safe alphabet. */
export const Identifier = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, 'letters, digits and . _ : @ - only, starting with a letter or digit');

/**
 * The task a host says the agent is working on (a ticket, a job, a workflow run), so
 * agency can be judged per task as well as per agent. `id` is the grouping key; `name`
 * is a label for people. Sent by the host, never inferred.
 */
export const EventTask = z
  .object({
    id: Identifier,
    name: z.string().max(255).optional(),
  })
  .strict();
export type EventTask = z.infer<typeof EventTask>;

export const EventSource = z
  .object({
    /** What produced the event. */
    kind: z.enum(['emitter', 'proxy', 'host', 'importer', 'ledger']),
    /** Which side of the MCP connection the emitter sits on. */
    side: z.enum(['client', 'server']).optional(),
    host: z.string().max(255).optional(),
    agent: z.string().max(255).optional(),
    /** Optional: events from hosts that send no task (and every earlier event) stay valid. */
    task: EventTask.optional(),
    /** MCP server name/version as the server announced it (or the proxy's `--name`). */
    server: z.object({ name: z.string().max(255), version: z.string().max(64).optional() }).strict().optional(),
    client: z.object({ name: z.string().max(255), version: z.string().max(64).optional() }).strict().optional(),
    /** OTel `network.transport` style: stdio, streamable-http, sse, in-memory, … */
    transport: z.string().max(64).optional(),
    emitter: z.object({ name: z.string().max(255), version: z.string().max(64) }).strict().optional(),
  })
  .strict();
export type EventSource = z.infer<typeof EventSource>;

const envelopeFields = {
  specversion: z.literal(SPEC_VERSION),
  /** Time-ordered UUID (v7): unique, and the dedup key of every store. */
  id: z.uuid(),
  time: z.iso.datetime({ offset: true }),
  tenant: Identifier,
  session_id: Identifier,
  /** Position in the session, from 0, without gaps. */
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  source: EventSource,
  traceparent: z.string().regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/).optional(),
  tracestate: z.string().max(512).optional(),
  /** Hash of the previous event of the session, null for seq 0. */
  prev_hash: Sha256Ref.nullable(),
  /** sha256 over prev_hash and the canonical JSON of this envelope without `hash`. */
  hash: Sha256Ref,
};

function envelopeOf<T extends EventType>(type: T) {
  return z.object({ ...envelopeFields, type: z.literal(type), data: EVENT_DATA_SCHEMAS[type] }).strict();
}

const envelopes = EVENT_TYPES.map((type) => envelopeOf(type));

/** A ledger event: envelope + typed payload, discriminated on `type`. */
export const LedgerEventSchema = z.discriminatedUnion(
  'type',
  envelopes as unknown as [ReturnType<typeof envelopeOf>, ...ReturnType<typeof envelopeOf>[]],
);

type EnvelopeFields = z.infer<z.ZodObject<typeof envelopeFields>>;
export type LedgerEventOf<T extends EventType> = EnvelopeFields & { type: T; data: EventData<T> };
export type LedgerEvent = { [T in EventType]: LedgerEventOf<T> }[EventType];
/** An event before the emitter seals it into the session's hash chain. */
export type UnsealedEvent = Omit<LedgerEvent, 'hash' | 'prev_hash' | 'seq'> & { seq?: number };
