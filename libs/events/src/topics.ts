/** Kafka topics, named `mcp-ledger.<what>.v<N>` (the envelope's major version). */
export const TOPICS = {
  events: 'mcp-ledger.events.v1',
  deadLetter: 'mcp-ledger.events-dlq.v1',
  findings: 'mcp-ledger.findings.v1',
  ocsf: 'mcp-ledger.ocsf.v1',
} as const;
