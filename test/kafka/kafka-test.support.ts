import { BatchConsumer, type ConsumedMessage, type KafkaLogger } from '@mcp-ledger/kafka';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

export const TOPICS_FILE = join(__dirname, '..', '..', 'deploy', 'kafka', 'topics.json');

/** Keeps the client's expected outage chatter out of the test output; kept for failure messages. */
export function recordingLogger(): KafkaLogger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { lines, debug: () => undefined, info: record('info'), warn: record('warn'), error: record('error') };
}

export interface TestEvent {
  session: string;
  seq: number;
}

export function sessionIds(count: number): string[] {
  return Array.from({ length: count }, () => `session-${randomUUID()}`);
}

export function decodeEvent(message: ConsumedMessage): TestEvent {
  return JSON.parse(message.value.toString('utf8')) as TestEvent;
}

/** Sequence numbers per session in the order they were consumed. */
export function seqsBySession(messages: readonly ConsumedMessage[]): Map<string, number[]> {
  const bySession = new Map<string, number[]>();
  for (const message of messages) {
    const { session, seq } = decodeEvent(message);
    bySession.set(session, [...(bySession.get(session) ?? []), seq]);
  }
  return bySession;
}

export const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Waits until `done()` holds, polling; fails with `describe()` after `timeoutMs`. */
export async function waitFor(done: () => boolean, describe: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads a topic from offset 0 with a fresh group until `count` messages matching `keep` arrived. */
export async function consumeAll(options: {
  bootstrap: string;
  topic: string;
  count: number;
  keep?: (message: ConsumedMessage) => boolean;
  logger: KafkaLogger;
}): Promise<ConsumedMessage[]> {
  const received: ConsumedMessage[] = [];
  const consumer = new BatchConsumer({
    bootstrap: options.bootstrap,
    clientId: 'test-reader',
    groupId: `reader-${randomUUID()}`,
    topics: [options.topic],
    shutdownSignals: false,
    logger: options.logger,
    handler: async ({ messages }) => {
      received.push(...messages.filter(options.keep ?? (() => true)));
    },
  });
  await consumer.start();
  try {
    await waitFor(
      () => received.length >= options.count,
      () => `${received.length} of ${options.count} messages from ${options.topic}`,
    );
  } finally {
    await consumer.stop();
  }
  return received;
}
