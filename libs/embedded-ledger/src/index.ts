/**
 * @mcp-ledger/embedded-ledger — the all-in-one ledger (ingest, projector, GraphQL over one
 * store) and its configuration, started by `mcp-ledger up` and by the test suites.
 */
export { ConfigError } from '@mcp-ledger/config';
export { databaseSettings, LedgerConfigSchema, loadLedgerConfig, type LedgerConfig } from './config/ledger.config';
export { EmbeddedLedgerModule, IngestGatewayModule } from './embedded/embedded-ledger.module';
export { startEmbeddedLedger, type RunningLedger } from './embedded/start-embedded-ledger';
export { startPrivateLedger } from './embedded/start-private-ledger';
