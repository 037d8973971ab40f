/**
 * @mcp-ledger/ingest-client — sending events to a running ledger over HTTP from tools and
 * the CLI: batch posting with retries, file readers, and trace importers.
 */
export { IngestRefusedError, postEventBatch } from './event-batch.poster';
export { importInjectionTraces, type ImportProgress, type ImportResult } from './import-injection-traces';
export { countLines, readLines } from './read-lines';
