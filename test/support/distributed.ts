import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerDatabase, type LedgerDatabase } from '@mcp-ledger/clickhouse';
import { canonicalJson, TOPICS, type LedgerEvent } from '@mcp-ledger/events';
import { BatchConsumer, readCommittedOffsets, type ConsumedMessage, type IdempotentProducer, type KafkaLogger } from '@mcp-ledger/kafka';
import { v7 as uuidv7 } from 'uuid';
import { sealSession, toolCallDrafts } from './event-factory';
import { graphqlData } from './graphql';

export const TOPICS_FILE = join(__dirname, '..', '..', 'deploy', 'kafka', 'topics.json');

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `mcp-ledger-${prefix}-`));
}

/** Keeps the clients' expected outage chatter out of the test output; kept for failure messages. */
export function recordingLogger(): KafkaLogger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return { lines, debug: () => undefined, info: record('info'), warn: record('warn'), error: record('error') };
}

/**
 * Polls `check` until it returns true; fails with `describe()` after `timeoutMs`. Only the
 * outcome is asserted, never how long it took: the bound is there to fail clearly.
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  describe: () => string | Promise<string>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s: ${await describe()}`);
    await sleep(200);
  }
}

/** Messages a consumer group has read and committed on the events topic, over all partitions. */
export async function committedMessages(bootstrap: string, groupId: string, topic: string = TOPICS.events): Promise<number> {
  const offsets = await readCommittedOffsets(bootstrap, groupId, topic, { logger: recordingLogger() });
  // Each file's broker starts with an empty topic, so a committed offset is a message count.
  return offsets.reduce((sum, { offset }) => sum + Math.max(Number(offset), 0), 0);
}

/** Waits until the group has committed `total` messages of the events topic (they are stored). */
export async function waitForCommitted(
  bootstrap: string,
  groupId: string,
  total: number,
  context: () => string = () => '',
  timeoutMs = 90_000,
): Promise<void> {
  let last = 0;
  await waitUntil(
    async () => (last = await committedMessages(bootstrap, groupId)) >= total,
    () => `group ${groupId} committed ${last} of ${total} messages\n${context()}`,
    timeoutMs,
  );
}

/** Per-partition committed offsets of a group, as `{ partition: nextOffset }`. */
export async function committedByPartition(bootstrap: string, groupId: string): Promise<Map<number, number>> {
  const offsets = await readCommittedOffsets(bootstrap, groupId, TOPICS.events, { logger: recordingLogger() });
  return new Map(offsets.map(({ partition, offset }) => [partition, Number(offset)]));
}

/** A sealed session of exactly 10 events: started, 4 tool calls (requested + completed), ended. */
export function tenEventSession(tenant: string, index: number): LedgerEvent[] {
  const sessionId = `s-${index}-${uuidv7()}`;
  const drafts = [
    {
      type: 'session.started',
      data: {
        'mcp.protocol.version': '2025-06-18',
        client_info: { name: 'test-client', version: '1' },
        server_info: { name: 'test-server', version: '1.0.0' },
      },
    },
    ...range(4).flatMap((call) =>
      toolCallDrafts(`call-${call}`, 'echo', { text: `session ${index} call ${call}` }, `echo: session ${index} call ${call}`),
    ),
    { type: 'session.ended', data: { reason: 'closed' } },
  ];
  return sealSession(drafts, { tenant, sessionId });
}

/** The exact bytes KafkaEventSink writes: the event's canonical JSON line, keyed by its session id. */
export function eventMessage(event: LedgerEvent) {
  return { topic: TOPICS.events, key: event.session_id, value: canonicalJson(event) };
}

export async function produceEvents(producer: IdempotentProducer, events: readonly LedgerEvent[]): Promise<void> {
  await producer.sendMany(events.map(eventMessage));
}

/**
 * Reads a topic from offset 0 with a fresh group until `done(received)` holds. Every
 * delivery is kept, in the order consumed (per partition: offset order).
 */
export async function readTopic(options: {
  bootstrap: string;
  topic: string;
  done: (received: readonly ConsumedMessage[]) => boolean;
  logger: KafkaLogger;
  timeoutMs?: number;
}): Promise<ConsumedMessage[]> {
  const received: ConsumedMessage[] = [];
  const consumer = new BatchConsumer({
    bootstrap: options.bootstrap,
    clientId: 'test-reader',
    groupId: `reader-${uuidv7()}`,
    topics: [options.topic],
    shutdownSignals: false,
    logger: options.logger,
    handler: async ({ messages }) => {
      received.push(...messages);
    },
  });
  await consumer.start();
  try {
    await waitUntil(
      () => options.done(received),
      () => `${received.length} messages read from ${options.topic}`,
      options.timeoutMs ?? 60_000,
    );
  } finally {
    await consumer.stop();
  }
  return received;
}

/**
 * Opens the embedded ClickHouse in `dataDir` in this process, runs `work`, and closes it.
 * chdb: one data directory per process at a time, and no other process may hold it.
 */
export async function withDatabase<T>(dataDir: string, work: (db: LedgerDatabase) => Promise<T>): Promise<T> {
  const db = createLedgerDatabase({ dataDir });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** `count()` (rows as merged), `uniqExact(id)` and raw row count (before merges) of a tenant's events. */
export async function eventCounts(db: LedgerDatabase, tenant: string): Promise<{ final: number; unique: number; raw: number }> {
  const [merged] = await db.query<{ final: string; unique: string }>(
    'SELECT count() AS final, uniqExact(id) AS unique FROM events FINAL WHERE tenant = {tenant:String}',
    { tenant },
  );
  const [raw] = await db.query<{ raw: string }>('SELECT count() AS raw FROM events WHERE tenant = {tenant:String}', { tenant });
  return { final: Number(merged!.final), unique: Number(merged!.unique), raw: Number(raw!.raw) };
}

export interface ListedCall {
  sessionId: string;
  callId: string;
  seq: number;
  toolName: string;
  arguments: Record<string, unknown>;
  status: string;
}

interface CallsPage {
  toolCalls: { edges: { node: ListedCall & { session: { id: string } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

interface TimelinePage {
  session: { eventCount: number; timeline: { seq: number; type: string }[] } | null;
}

/** Every tool call of a tenant through GraphQL, all pages, oldest first. */
export async function allToolCalls(apiUrl: string, tenant: string, filter: Record<string, unknown> = {}): Promise<ListedCall[]> {
  const calls: ListedCall[] = [];
  let after: string | null = null;
  for (;;) {
    const { toolCalls }: CallsPage = await graphqlData<CallsPage>(
      apiUrl,
      `query Calls($filter: ToolCallFilter, $after: String) {
        toolCalls(filter: $filter, first: 1000, after: $after, order: ASC) {
          edges { node { callId seq toolName arguments status session { id } } }
          pageInfo { hasNextPage endCursor }
        }
      }`,
      { filter, after },
      { 'x-ledger-tenant': tenant },
    );
    for (const { node } of toolCalls.edges) {
      calls.push({ sessionId: node.session.id, callId: node.callId, seq: node.seq, toolName: node.toolName, arguments: node.arguments, status: node.status });
    }
    if (!toolCalls.pageInfo.hasNextPage) return calls;
    after = toolCalls.pageInfo.endCursor;
  }
}

/** A session's whole timeline through GraphQL (all pages): seq and type of every event. */
export async function sessionTimeline(
  apiUrl: string,
  tenant: string,
  sessionId: string,
): Promise<{ eventCount: number; timeline: { seq: number; type: string }[] } | null> {
  const timeline: { seq: number; type: string }[] = [];
  let eventCount = 0;
  let afterSeq: number | null = null;
  for (;;) {
    const { session }: TimelinePage = await graphqlData<TimelinePage>(
      apiUrl,
      `query S($id: ID!, $afterSeq: Int) { session(id: $id) { eventCount timeline(first: 1000, afterSeq: $afterSeq) { seq type } } }`,
      { id: sessionId, afterSeq },
      { 'x-ledger-tenant': tenant },
    );
    if (!session) return null;
    eventCount = session.eventCount;
    timeline.push(...session.timeline);
    if (session.timeline.length < 1000) return { eventCount, timeline };
    afterSeq = session.timeline[session.timeline.length - 1]!.seq;
  }
}
