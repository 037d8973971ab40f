import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TopicsFileError } from './kafka.errors';

/** Kafka configuration values travel as strings; numbers in the file are accepted for readability. */
const configNumber = z
  .union([z.number().int(), z.string().regex(/^-?\d+$/, 'an integer')])
  .transform((value) => String(value));

/**
 * The topic settings this file may set. A closed list, so that a typo
 * ("retention.msec") fails validation instead of being ignored by the broker.
 */
const TopicConfig = z
  .object({
    'cleanup.policy': z.enum(['delete', 'compact', 'compact,delete']),
    'retention.ms': configNumber,
    'retention.bytes': configNumber,
    'segment.ms': configNumber,
    'segment.bytes': configNumber,
    'max.message.bytes': configNumber,
    'min.insync.replicas': configNumber,
    'compression.type': z.enum(['producer', 'gzip', 'snappy', 'lz4', 'zstd', 'uncompressed']),
    'message.timestamp.type': z.enum(['CreateTime', 'LogAppendTime']),
    'min.compaction.lag.ms': configNumber,
    'delete.retention.ms': configNumber,
  })
  .partial()
  .strict();

const TopicSpec = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'a valid Kafka topic name'),
    description: z.string().optional(),
    partitions: z.number().int().min(1).max(10_000),
    /** Omitted: the cluster's `default.replication.factor` (1 on the local broker, 3 in production). */
    replicationFactor: z.number().int().min(1).optional(),
    config: TopicConfig.default({}),
  })
  .strict();

export const TopicsFileSchema = z
  .object({
    $schema: z.string().optional(),
    $comment: z.string().optional(),
    topics: z.array(TopicSpec).min(1),
  })
  .strict()
  .superRefine(({ topics }, context) => {
    const seen = new Set<string>();
    topics.forEach(({ name }, index) => {
      if (seen.has(name)) context.addIssue({ code: 'custom', message: `topic ${name} is declared twice`, path: ['topics', index, 'name'] });
      seen.add(name);
    });
  });

export type TopicsFile = z.output<typeof TopicsFileSchema>;
export type TopicSpec = TopicsFile['topics'][number];

/** Validates parsed JSON; `source` names the file in the error. */
export function parseTopicsFile(json: unknown, source = 'topics file'): TopicsFile {
  const result = TopicsFileSchema.safeParse(json);
  if (!result.success) throw new TopicsFileError(`Invalid ${source}:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Reads and validates a declarative topics file such as deploy/kafka/topics.json. */
export function loadTopicsFile(path: string): TopicsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TopicsFileError(`Cannot read topics file ${path}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TopicsFileError(`Topics file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseTopicsFile(json, `topics file ${path}`);
}
