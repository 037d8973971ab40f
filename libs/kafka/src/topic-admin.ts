import { ConfigResourceTypes } from 'kafkajs';
import { createKafkaClient } from './kafka-client';
import type { KafkaConnectionOptions } from './kafka.types';
import { loadTopicsFile, type TopicsFile } from './topics-file.schema';

/** A declared setting that differs on the cluster. Reported, never changed automatically. */
export interface TopicDrift {
  topic: string;
  setting: string;
  declared: string;
  actual: string;
}

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
  drift: TopicDrift[];
}

export interface EnsureTopicsOptions {
  clientId?: string;
  logger?: KafkaConnectionOptions['logger'];
}

/**
 * Creates the topics a declarative file (deploy/kafka/topics.json) declares and the
 * cluster lacks. Existing topics are left alone and their differences returned as
 * `drift`: adding partitions would move keys to other partitions and break per-session
 * order, and changing retention is a decision for a person, not a boot step.
 * Safe to run from several processes at once.
 *
 * @example
 * const { created, drift } = await ensureTopics('127.0.0.1:9092', 'deploy/kafka/topics.json');
 */
export async function ensureTopics(
  bootstrap: string | readonly string[],
  file: string | TopicsFile,
  options: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  const declared = typeof file === 'string' ? loadTopicsFile(file) : file;
  const admin = createKafkaClient({ bootstrap, clientId: options.clientId ?? 'mcp-ledger-topic-admin', logger: options.logger }).admin();
  await admin.connect();
  try {
    const present = new Set(await admin.listTopics());
    const missing = declared.topics.filter(({ name }) => !present.has(name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.partitions,
          replicationFactor: topic.replicationFactor ?? -1,
          configEntries: Object.entries(topic.config).map(([name, value]) => ({ name, value: String(value) })),
        })),
      });
    }

    const existing = declared.topics.filter(({ name }) => present.has(name));
    const drift: TopicDrift[] = [];
    if (existing.length > 0) {
      const { topics } = await admin.fetchTopicMetadata({ topics: existing.map(({ name }) => name) });
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: existing.map(({ name }) => ({ type: ConfigResourceTypes.TOPIC, name })),
      });
      for (const topic of existing) {
        const partitions = topics.find(({ name }) => name === topic.name)?.partitions.length ?? 0;
        if (partitions !== topic.partitions) {
          drift.push({ topic: topic.name, setting: 'partitions', declared: String(topic.partitions), actual: String(partitions) });
        }
        const entries = configs.resources.find(({ resourceName }) => resourceName === topic.name)?.configEntries ?? [];
        for (const [setting, value] of Object.entries(topic.config)) {
          const actual = entries.find(({ configName }) => configName === setting)?.configValue ?? '';
          if (actual !== String(value)) drift.push({ topic: topic.name, setting, declared: String(value), actual });
        }
      }
    }
    return { created: missing.map(({ name }) => name), existing: existing.map(({ name }) => name), drift };
  } finally {
    await admin.disconnect();
  }
}
