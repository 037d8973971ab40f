/** Recorded in every event's `source.emitter`; bump with the library. */
export const EMITTER_NAME = '@mcp-ledger/emitter';
export const EMITTER_VERSION = '0.1.0';
