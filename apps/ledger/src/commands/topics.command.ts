import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { kafkaBrokers } from '@mcp-ledger/config';
import { ensureTopics } from '@mcp-ledger/kafka';

/** deploy/kafka/topics.json, found from the compiled tree or the sources. */
function defaultTopicsFile(): string {
  for (let dir = __dirname, i = 0; i < 8; i++, dir = join(dir, '..')) {
    const candidate = join(dir, 'deploy', 'kafka', 'topics.json');
    if (existsSync(candidate)) return candidate;
  }
  return join(process.cwd(), 'deploy', 'kafka', 'topics.json');
}

export function registerTopicsCommand(program: Command): void {
  program
    .command('topics')
    .description('create the Kafka topics declared in deploy/kafka/topics.json that the cluster lacks')
    .option('-b, --brokers <list>', 'bootstrap brokers, host:port[,host:port] (LEDGER_KAFKA_BROKERS)', process.env['LEDGER_KAFKA_BROKERS'])
    .option('-f, --file <path>', 'declarative topics file', defaultTopicsFile())
    .addHelpText('after', '\nExisting topics are never altered; settings that differ are reported as drift.')
    .action(async (flags: { brokers?: string; file: string }) => {
      const brokers = kafkaBrokers.safeParse(flags.brokers ?? '');
      if (!brokers.success) throw new Error(`--brokers: ${brokers.error.issues[0]?.message} (example: 127.0.0.1:9092)`);
      const result = await ensureTopics(brokers.data, flags.file);
      for (const topic of result.created) process.stdout.write(`created ${topic}\n`);
      for (const topic of result.existing) process.stdout.write(`exists  ${topic}\n`);
      for (const drift of result.drift) {
        process.stdout.write(`drift   ${drift.topic}: ${drift.setting} is ${drift.actual}, declared ${drift.declared}\n`);
      }
    });
}
