import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule } from '@mcp-ledger/ledger-core';
import { KafkaProjector } from './kafka-projector';
import { ProjectBatchHandler } from './project-batch.handler';
import { PROJECTOR_OPTIONS, type ProjectorOptions } from './projector-options';

/** Kafka → projections → ClickHouse, with the embedded ledger's writer. Needs DatabaseModule. */
@Module({})
export class ProjectorModule {
  static forRoot(options: ProjectorOptions): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [CqrsModule, EventStoreModule],
      providers: [{ provide: PROJECTOR_OPTIONS, useValue: options }, ProjectBatchHandler, KafkaProjector],
      exports: [KafkaProjector],
    };
  }
}
