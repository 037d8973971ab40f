import { v7 as uuidv7 } from 'uuid';
import { canonicalJson, chainEvents, hashJson, type LedgerEvent, type UnchainedEvent } from '@mcp-ledger/events';
import { proseOfBytes } from './payload';

/**
 * Sealed tool-call sessions as an emitter would send them (seq, prev_hash, hash), built
 * here rather than borrowed from test/support: bench and test projects do not depend on
 * each other (eslint depConstraints).
 */

type Draft = { type: string; data: Record<string, unknown> };

export interface SessionEventsOptions {
  tenant: string;
  /** Total events wanted; sessions of `callsPerSession` tool calls are generated until reached. */
  events: number;
  callsPerSession: number;
  /** Size of each tool argument and each result text, so an event is ≈ 1 KB. */
  textBytes: number;
}

function contentRef(value: unknown) {
  const body = canonicalJson(value);
  return { hash: hashJson(value), size_bytes: Buffer.byteLength(body), truncated: false, body };
}

function toolCallDrafts(callId: string, text: string): Draft[] {
  const args = { text };
  return [
    {
      type: 'tool_call.requested',
      data: {
        call_id: callId,
        'jsonrpc.request.id': callId,
        'gen_ai.tool.name': 'echo',
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
        'gen_ai.tool.name': 'echo',
        is_error: false,
        result: contentRef({ content: [{ type: 'text', text }] }),
        duration_ms: 0.4,
      },
    },
  ];
}

function seal(drafts: readonly Draft[], tenant: string, startMs: number): LedgerEvent[] {
  const sessionId = `bench-${uuidv7()}`;
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
          source: { kind: 'emitter', side: 'client', server: { name: 'bench-echo', version: '1.0.0' }, transport: 'stdio' },
          data: draft.data,
        }) as unknown as UnchainedEvent,
    ),
  );
}

/** Exactly `options.events` events, in whole or (for the last) truncated sessions. */
export function buildSessionEvents(options: SessionEventsOptions): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  const startMs = Date.UTC(2026, 10, 25, 9, 0, 0);
  for (let session = 0; events.length < options.events; session += 1) {
    const drafts: Draft[] = [
      {
        type: 'session.started',
        data: {
          'mcp.protocol.version': '2025-06-18',
          client_info: { name: 'bench-client', version: '1' },
          server_info: { name: 'bench-echo', version: '1.0.0' },
        },
      },
    ];
    for (let call = 0; call < options.callsPerSession; call += 1) {
      drafts.push(...toolCallDrafts(`call-${call}`, proseOfBytes(options.textBytes, session * options.callsPerSession + call)));
    }
    // A truncated last session is still a valid prefix of a hash chain.
    const remaining = options.events - events.length;
    events.push(...seal(drafts.slice(0, remaining), options.tenant, startMs + session * 60_000));
  }
  return events;
}
