/**
 * @mcp-ledger/ledger-core — the write side shared by the ledger's run modes: the database
 * module, HTTP ingest (`POST /v1/events`), the writer that projects and stores events, and
 * the health endpoint; the provenance page's static files (`/ui/`).
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
export { ChainBreakAnalyser } from './integrity/chain-break.analyser';
export { findChainBreaks, type ChainBreak, type ChainBreakReason, type ChainLink, type IncomingLink } from './integrity/chain-links';
export {
  CHECKPOINT_VERSION,
  checkCheckpoint,
  checkpointKeyFromPem,
  compareHeads,
  keyIdFromPem,
  keyIdOf,
  signCheckpoint,
  type CheckpointBody,
  type CheckpointKey,
  type CheckpointVersion,
  type SessionHead,
  type SignedCheckpoint,
} from './integrity/checkpoint';
export { redactionRecordsDigest, type RedactionRecordRow } from './integrity/redaction-records.digest';
export { embeddedCheckpointKey, EMBEDDED_KEY_FILE, readCheckpointKey } from './integrity/checkpoint-key';
export { CheckpointModule } from './integrity/checkpoint.module';
export { CHECKPOINT_OPTIONS, checkpointRow, CheckpointWriter, type CheckpointOptions } from './integrity/checkpoint.writer';
export { integrityCaller, type IntegrityCaller } from './integrity/integrity-caller';
export { INTEGRITY_VERIFY_PATH } from './integrity/integrity.controller';
export { IntegrityModule } from './integrity/integrity.module';
export type { IntegrityProblem, IntegrityProblemKind, IntegrityReport } from './integrity/integrity-report';
export { verifyCheckpoints, type CheckpointsResult } from './integrity/verify-checkpoints';
export { verifyIntegrity } from './integrity/verify-integrity';
export { AccessLogWriter, type AccessEntry } from './auth/access-log.writer';
export { ApiKeyStore, type ApiKeyListing, type NewApiKey } from './auth/api-key.store';
export { ACCESS_LOG, API_KEY_STORE, AUTHENTICATOR, RATE_LIMITER } from './auth/auth.tokens';
export { AuthModule, type AuthModuleOptions } from './auth/auth.module';
export { ensureFirstAdminKey, type FirstAdminKey } from './auth/first-admin-key';
export { secureApp } from './auth/install-auth';
export { ledgerCaller, requestedTenant, TENANT_HEADER, type LedgerCaller } from './auth/ledger-caller';
export { ROUTE_RULES, ruleFor, type RouteRule } from './auth/route-rules';
export { exportCaller, type ExportCaller } from './export/export-caller';
export { EXPORT_PATH, HAS_MORE_HEADER, NEXT_CURSOR_HEADER } from './export/export.controller';
export { ExportModule } from './export/export.module';
export type { ExportOptions } from './export/export-options';
export { ocsfRecordsOf, type OcsfLine } from './export/ocsf-records';
export { IngestRedaction, type IngestRecheck } from './redaction/ingest-redaction';
export { redactEventAtIngest, INGEST_DETECTORS, type LedgerRedactionEntry, type LedgerRedactionRecord } from './redaction/ledger-redaction';
export { chainInputWithLedgerRedaction, type StoredEventWithRedaction } from './redaction/ledger-redacted-chain';
export { ApprovalsModule } from './approvals/approvals.module';
export type { ApprovalAnswer } from './approvals/approvals.controller';
export { ApprovalError, type ApprovalErrorCode } from './approvals/approval.error';
export {
  APPROVAL_COLUMNS,
  approvalStatus,
  findApproval,
  firstDecisions,
  withDecisions,
  type ApprovalDecisionRecord,
  type ApprovalRecord,
  type ApprovalRowRecord,
  type ApprovalStatus,
  type TenantSelect,
} from './approvals/approvals.reader';
export { DecideApprovalCommand, type Reviewer } from './approvals/decide-approval.command';
export { ApproveToolDefinitionCommand, type ToolDefinitionApproval } from './approvals/approve-tool-definition.command';
export { definitionApprovalId } from './approvals/approval-ids';
export { LedgerNotifier, LedgerNotifierModule, type RaisedFinding, type RequestedApproval } from './approvals/ledger-notifier';
export { UnapprovedHighRiskAnalyser } from './governance/unapproved-high-risk.analyser';
export { UiModule } from './ui/ui.module';
export { UI_FILES, UI_HEADERS, defaultUiDir } from './ui/ui-assets';
export { UI_PATH } from './ui/ui.controller';
