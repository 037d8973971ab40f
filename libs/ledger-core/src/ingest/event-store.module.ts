import { Module } from '@nestjs/common';
import { EventStoreWriter } from './event-store.writer';

/** The durable write path (projections, then events). Needs DatabaseModule. */
@Module({ providers: [EventStoreWriter], exports: [EventStoreWriter] })
export class EventStoreModule {}
