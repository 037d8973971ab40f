import { Module } from '@nestjs/common';
import { InventoryAnalyser } from '../inventory/inventory.analyser';
import { ProvenanceAnalyser } from '../provenance/provenance.analyser';
import { EventStoreWriter } from './event-store.writer';

/** The durable write path (projections, then events). Needs DatabaseModule. */
@Module({ providers: [ProvenanceAnalyser, InventoryAnalyser, EventStoreWriter], exports: [EventStoreWriter, ProvenanceAnalyser] })
export class EventStoreModule {}
