/**
 * @mcp-ledger/ledger-core — the write side shared by the ledger's run modes: the database
 * module, HTTP ingest (`POST /v1/events`), the writer that projects and stores events, and
 * the health endpoint.
 */
export { DatabaseModule, LEDGER_DATABASE } from './database/database.module';
export { decodeIngestBody, isNdjson, type DecodedIngestBody, type IngestItemError } from './ingest/ingest-body.decoder';
export { INGEST_PATH, type IngestOptions } from './ingest/ingest-options';
export { EVENT_RECORDER, type EventRecorder, type WriteResult } from './ingest/event-recorder';
export { IngestModule, type IngestModuleOptions } from './ingest/ingest.module';
export { KafkaGatewayRecorder } from './ingest/kafka-gateway.recorder';
export { EventStoreModule } from './ingest/event-store.module';
export { EventStoreWriter } from './ingest/event-store.writer';
export { LedgerWriter } from './ingest/ledger-writer';
export { registerIngestBodyParsers } from './ingest/raw-body.parser';
export { RecordEventsCommand } from './ingest/record-events.command';
export { EgressAnalyser, isSendingTool } from './governance/egress.analyser';
export { LEDGER_POLICY, LedgerPolicyModule, readPolicyFile } from './governance/ledger-policy';
export { PolicyViolationAnalyser } from './governance/policy-violation.analyser';
export { rebuildProjections, type RebuildProgress, type RebuildResult } from './replay/rebuild-projections';
export { verifyStoredChains, type SessionProblems, type VerifyResult } from './integrity/verify-stored-chains';
