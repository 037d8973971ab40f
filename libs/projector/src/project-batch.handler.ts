import { Inject, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { TOPICS, type LedgerEvent } from '@mcp-ledger/events';
import { DeadLetterProducer, IdempotentProducer, type ConsumedMessage } from '@mcp-ledger/kafka';
import { EventStoreWriter, LEDGER_DATABASE, ocsfRecordsOf } from '@mcp-ledger/ledger-core';
import { decodeEventMessage } from './decode-event.message';
import { ProjectBatchCommand, type ProjectBatchResult } from './project-batch.command';
import { PROJECTOR_OPTIONS, type ProjectorOptions } from './projector-options';

/**
 * consumer → decode (pure) → store valid events with the same writer as the embedded
 * ledger → publish their OCSF records (and the findings raised about them) → dead-letter
 * the poison → only then does the consumer commit the offsets.
 * Any failure here rejects: the batch is delivered again, and the idempotent store makes
 * that harmless (at-least-once in, exactly-once in the tables).
 */
@CommandHandler(ProjectBatchCommand)
export class ProjectBatchHandler implements ICommandHandler<ProjectBatchCommand, ProjectBatchResult>, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  private readonly producer: IdempotentProducer;
  private readonly deadLetters: DeadLetterProducer;

  constructor(
    private readonly store: EventStoreWriter,
    @Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase,
    @Inject(PROJECTOR_OPTIONS) private readonly options: ProjectorOptions,
  ) {
    this.producer = new IdempotentProducer({ ...options.kafka, clientId: `${options.kafka.clientId}-dlq` });
    this.deadLetters = new DeadLetterProducer(this.producer);
  }

  async execute({ messages }: ProjectBatchCommand): Promise<ProjectBatchResult> {
    const events: LedgerEvent[] = [];
    const poison: { message: ConsumedMessage; reason: string }[] = [];
    for (const message of messages) {
      const decoded = decodeEventMessage(message.value, this.options.maxEventBytes);
      if (decoded.ok) events.push(decoded.event);
      else poison.push({ message, reason: decoded.reason });
    }
    const alreadyStored = await this.store.commit(events);
    // Every event of the batch, duplicates included: a redelivery may follow a crash before this publish.
    // At-least-once on the OCSF topic; SIEM consumers dedupe on metadata.uid.
    const ocsf = await ocsfRecordsOf(this.db, events, { ocsfVersion: this.options.ocsfVersion });
    await this.producer.sendMany(ocsf.map((record) => ({ topic: TOPICS.ocsf, key: record.sessionId, value: record.line })));
    if (poison.length > 0) {
      await this.deadLetters.publishMany(poison);
      for (const { message, reason } of poison) {
        this.logger.warn(`dead-lettered ${message.topic}/${message.partition}@${message.offset}: ${reason}`);
      }
    }
    return { stored: events.length - alreadyStored.size, duplicates: alreadyStored.size, deadLettered: poison.length };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.close();
  }
}
