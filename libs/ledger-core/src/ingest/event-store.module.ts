import { Module } from '@nestjs/common';
import { EgressAnalyser } from '../governance/egress.analyser';
import { PolicyViolationAnalyser } from '../governance/policy-violation.analyser';
import { UnapprovedHighRiskAnalyser } from '../governance/unapproved-high-risk.analyser';
import { ChainBreakAnalyser } from '../integrity/chain-break.analyser';
import { InventoryAnalyser } from '../inventory/inventory.analyser';
import { ProvenanceAnalyser } from '../provenance/provenance.analyser';
import { EventStoreWriter } from './event-store.writer';

/**
 * The durable write path (projections, then events, then the analysers). Needs
 * DatabaseModule; judges calls by a policy when LedgerPolicyModule provides one.
 */
@Module({
  providers: [ProvenanceAnalyser, InventoryAnalyser, PolicyViolationAnalyser, EgressAnalyser, UnapprovedHighRiskAnalyser, ChainBreakAnalyser, EventStoreWriter],
  exports: [EventStoreWriter, ProvenanceAnalyser],
})
export class EventStoreModule {}
