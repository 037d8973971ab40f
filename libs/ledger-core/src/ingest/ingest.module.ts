import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HealthController } from '../health/health.controller';
import { IngestController } from './ingest.controller';
import { INGEST_OPTIONS, type IngestOptions } from './ingest-options';
import { EventStoreWriter } from './event-store.writer';
import { LedgerWriter } from './ledger-writer';
import { RecordEventsHandler } from './record-events.handler';

/** HTTP ingest + the embedded writer (validate → project → store). Needs DatabaseModule. */
@Module({})
export class IngestModule {
  static forRoot(options: IngestOptions): DynamicModule {
    return {
      module: IngestModule,
      imports: [CqrsModule],
      controllers: [IngestController, HealthController],
      providers: [{ provide: INGEST_OPTIONS, useValue: options }, EventStoreWriter, LedgerWriter, RecordEventsHandler],
      exports: [LedgerWriter, EventStoreWriter],
    };
  }
}
