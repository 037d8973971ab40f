import { v7 as uuidv7 } from 'uuid';
import { canonicalJson, chainEvents, hashJson, type LedgerEvent, type UnchainedEvent } from '@mcp-ledger/events';
import { authHeaders } from './auth';

type Draft = { type: string; data: Record<string, unknown> };

/** A ContentRef for a JSON value, as the emitter would write it. */
export function contentRef(value: unknown) {
  const body = canonicalJson(value);
  return { hash: hashJson(value), size_bytes: Buffer.byteLength(body), truncated: false, body };
}

/**
 * Builds a sealed session (seq, prev_hash, hash) from drafts, the way an emitter does, so
 * tests can send exact events to the ledger without an MCP connection in between.
 */
export function sealSession(
  drafts: Draft[],
  { tenant = 'default', sessionId = `s-${uuidv7()}`, startMs = Date.UTC(2026, 10, 25, 9, 0, 0) } = {},
): LedgerEvent[] {
  return chainEvents(
    drafts.map(
      (draft, seq) =>
        ({
          specversion: '1.0',
          id: uuidv7(),
          type: draft.type,
          time: new Date(startMs + seq * 10).toISOString(),
          tenant,
          session_id: sessionId,
          seq,
          source: { kind: 'emitter', side: 'client', server: { name: 'test-server', version: '1.0.0' }, transport: 'in-memory' },
          data: draft.data,
        }) as unknown as UnchainedEvent,
    ),
  );
}

/** Drafts of one tool call: requested, then completed with a text result. */
export function toolCallDrafts(callId: string, tool: string, args: Record<string, unknown>, resultText: string): Draft[] {
  return [
    {
      type: 'tool_call.requested',
      data: {
        call_id: callId,
        'jsonrpc.request.id': callId,
        'gen_ai.tool.name': tool,
        'mcp.method.name': 'tools/call',
        arguments: args,
        arguments_hash: hashJson(args),
      },
    },
    {
      type: 'tool_call.completed',
      data: {
        call_id: callId,
        'jsonrpc.request.id': callId,
        'gen_ai.tool.name': tool,
        is_error: false,
        result: contentRef({ content: [{ type: 'text', text: resultText }] }),
        duration_ms: 1.5,
      },
    },
  ];
}

/** A whole session of `calls` tool calls, each with a recognisable argument. */
export function sessionWithCalls(calls: number, options: Parameters<typeof sealSession>[1] = {}): LedgerEvent[] {
  const drafts: Draft[] = [
    { type: 'session.started', data: { 'mcp.protocol.version': '2025-06-18', client_info: { name: 'test-client', version: '1' }, server_info: { name: 'test-server', version: '1.0.0' } } },
  ];
  for (let i = 0; i < calls; i++) drafts.push(...toolCallDrafts(`call-${i}`, 'echo', { text: `message ${i}` }, `echo: message ${i}`));
  return sealSession(drafts, options);
}

export const toNdjson = (events: readonly LedgerEvent[]) => events.map((e) => JSON.stringify(e)).join('\n');

export async function postEvents(url: string, body: string, contentType = 'application/x-ndjson') {
  const response = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': contentType, ...authHeaders() }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
