import { createHash, randomBytes } from 'node:crypto';
import { hashJson } from '@mcp-ledger/events';

/**
 * A decision is an event of its own one-event session (`approval:<hash of the approval
 * id>`): it is not part of the MCP connection it is about, and the ledger, not the
 * connection's emitter, writes it. The id is safe whatever the approval id holds.
 */
export function decisionSessionId(approvalId: string): string {
  return `approval:${createHash('sha256').update(approvalId).digest('hex').slice(0, 40)}`;
}

/** The approval id of "this definition of this tool of this server is approved": one per definition. */
export function definitionApprovalId(server: string, tool: string, definitionHash: string): string {
  return `tool_definition:${hashJson(['tool_definition', server, tool, definitionHash]).slice('sha256:'.length)}`;
}

/** A time-ordered UUID (v7), as every event id is. */
export function uuidv7(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
