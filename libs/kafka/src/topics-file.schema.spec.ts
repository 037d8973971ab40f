import { TOPICS } from '@mcp-ledger/events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TopicsFileError } from './kafka.errors';
import { loadTopicsFile, parseTopicsFile } from './topics-file.schema';

const TOPICS_FILE = join(__dirname, '..', '..', '..', 'deploy', 'kafka', 'topics.json');

describe('deploy/kafka/topics.json', () => {
  it('declares every topic the code names, events with 6 partitions kept forever', () => {
    const file = loadTopicsFile(TOPICS_FILE);
    expect(file.topics.map(({ name }) => name).sort()).toEqual(Object.values(TOPICS).sort());
    expect(file.topics.find(({ name }) => name === TOPICS.events)).toMatchObject({
      partitions: 6,
      config: { 'cleanup.policy': 'delete', 'retention.ms': '-1' },
    });
  });

  it('rejects a misspelt setting, a bad partition count and a duplicate topic, naming each', () => {
    const attempt = () =>
      parseTopicsFile(
        {
          topics: [
            { name: 'a.v1', partitions: 0, config: {} },
            { name: 'a.v1', partitions: 1, config: { 'retention.msec': 1 } },
          ],
        },
        'test.json',
      );
    expect(attempt).toThrow(TopicsFileError);
    expect(attempt).toThrow(/Invalid test\.json[\s\S]*partitions[\s\S]*retention\.msec[\s\S]*declared twice/);
  });
});
