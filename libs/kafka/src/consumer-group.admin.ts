import { createKafkaClient } from './kafka-client';
import type { KafkaLogger } from './kafka.types';

export interface CommittedOffset {
  partition: number;
  /** The next offset the group will read; "-1" when the group committed nothing for the partition. */
  offset: string;
}

/**
 * The offsets a consumer group has committed for a topic — where a restarted or new member
 * of the group resumes. For lag reports and health checks.
 */
export async function readCommittedOffsets(
  bootstrap: string | readonly string[],
  groupId: string,
  topic: string,
  options: { clientId?: string; logger?: KafkaLogger } = {},
): Promise<CommittedOffset[]> {
  const admin = createKafkaClient({ bootstrap, clientId: options.clientId ?? 'mcp-ledger-offsets', logger: options.logger }).admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (committed?.partitions ?? [])
      .map(({ partition, offset }) => ({ partition, offset }))
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}
