import { DynamicModule, Module, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { KafkaConnectionOptions } from '@mcp-ledger/kafka';
import { HealthController } from '../health/health.controller';
import { EVENT_RECORDER } from './event-recorder';
import { EventStoreModule } from './event-store.module';
import { IngestController } from './ingest.controller';
import { INGEST_OPTIONS, type IngestOptions } from './ingest-options';
import { KafkaGatewayRecorder } from './kafka-gateway.recorder';
import { LedgerWriter } from './ledger-writer';
import { RecordEventsHandler } from './record-events.handler';

export interface IngestModuleOptions extends IngestOptions {
  /** `store`: write to the database (needs DatabaseModule); `kafka`: produce to the events topic. */
  recordTo: { store: true } | { kafka: KafkaConnectionOptions };
}

/** HTTP ingest (`POST /v1/events`, `GET /healthz`): validate, then record durably. */
@Module({})
export class IngestModule {
  static forRoot(options: IngestModuleOptions): DynamicModule {
    const { recordTo } = options;
    const recorder: Provider[] =
      'kafka' in recordTo
        ? [
            {
              provide: EVENT_RECORDER,
              useFactory: async () => {
                const gateway = new KafkaGatewayRecorder(recordTo.kafka);
                await gateway.connect();
                return gateway;
              },
            },
          ]
        : [LedgerWriter, { provide: EVENT_RECORDER, useExisting: LedgerWriter }];
    return {
      module: IngestModule,
      imports: [CqrsModule, ...('kafka' in recordTo ? [] : [EventStoreModule])],
      controllers: [IngestController, HealthController],
      providers: [{ provide: INGEST_OPTIONS, useValue: options }, ...recorder, RecordEventsHandler],
    };
  }
}
