import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { TOPICS } from '@mcp-ledger/events';
import { BatchConsumer } from '@mcp-ledger/kafka';
import { ProjectBatchCommand } from './project-batch.command';
import { PROJECTOR_OPTIONS, type ProjectorOptions } from './projector-options';

export interface ProjectorStatus {
  running: boolean;
  batches: number;
  stored: number;
  duplicates: number;
  deadLettered: number;
  crashes: number;
}

/**
 * The projector's consumer group member: reads the events topic in batches and hands each
 * to the ProjectBatch command; the consumer commits offsets only after it resolved.
 * Several of these (in one process or many) share the topic's partitions.
 */
@Injectable()
export class KafkaProjector implements OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  private consumer: BatchConsumer | undefined;
  private readonly counts = { batches: 0, stored: 0, duplicates: 0, deadLettered: 0 };

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(PROJECTOR_OPTIONS) private readonly options: ProjectorOptions,
  ) {}

  async start(): Promise<void> {
    this.consumer = new BatchConsumer({
      ...this.options.kafka,
      groupId: this.options.groupId,
      topics: [TOPICS.events],
      fromBeginning: this.options.fromBeginning,
      // Nest's shutdown hooks stop the consumer (onApplicationShutdown), in order.
      shutdownSignals: false,
      onCrash: (error, restartInMs) => this.logger.error(`consumer crashed (${error.message}); restarting in ${restartInMs} ms`),
      handler: async (batch) => {
        const result = await this.commandBus.execute(new ProjectBatchCommand(batch.messages));
        this.counts.batches += 1;
        this.counts.stored += result.stored;
        this.counts.duplicates += result.duplicates;
        this.counts.deadLettered += result.deadLettered;
      },
    });
    await this.consumer.start();
    this.logger.log(`consuming ${TOPICS.events} as group ${this.options.groupId}`);
  }

  status(): ProjectorStatus {
    return { running: this.consumer !== undefined, crashes: this.consumer?.crashes ?? 0, ...this.counts };
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}
