import { z } from 'zod';
import { LedgerEventSchema, SPEC_VERSION } from './envelope.schema';

/**
 * JSON Schema (draft 2020-12) of the event envelope and every payload, for emitters
 * written in other languages. Published as docs/events.schema.json (`mcp-ledger schema`).
 */
export function eventJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(LedgerEventSchema, { target: 'draft-2020-12', unrepresentable: 'any' });
  return {
    ...schema,
    $id: `https://mcp-ledger.dev/schemas/event-${SPEC_VERSION}.json`,
    title: `MCP Ledger event (specversion ${SPEC_VERSION})`,
    description:
      'A ledger event: a versioned envelope around a typed payload (`data`), discriminated on `type`. ' +
      'Hashes are sha256 over canonical JSON (sorted keys, no whitespace); see docs/events.md.',
  };
}
