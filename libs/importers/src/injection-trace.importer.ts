import { chainEvents, Identifier, hashJson, type EventSource, type LedgerEvent, type ListedDefinition, type UnchainedEvent } from '@mcp-ledger/events';
import { contentRefOf, textToolResult } from './content-ref';
import { deterministicEventId } from './deterministic-id';
import type { InjectionTrace, InjectionTraceEvent } from './injection-trace.schema';

export interface ImportTraceOptions {
  tenant: string;
  /** Defaults to the trace id when it is a valid Identifier, else to a hash of it. */
  sessionId?: string;
  /** Time of seq 0; event `seq` is stamped `seq` milliseconds later. */
  time?: Date;
}

/** Fixed so that re-imports are byte-identical (and dedupe) unless the caller asks otherwise. */
const DEFAULT_BASE_TIME = Date.parse('2024-01-01T00:00:00.000Z');
const EMITTER = { name: 'mcp-ledger-importer:injection-traces', version: '1' };

/**
 * Converts one injection trace into the ledger events of one session.
 *
 * Trace event `seq` N becomes ledger event `seq` N (labels point at trace seqs, and
 * `ToolCall.seq` / provenance source seqs must match them). The session's
 * `session.started`, which carries `external_id = trace_id`, is therefore appended LAST
 * (seq = events.length): the sessions projection takes `external_id` from
 * session.started whatever its seq, and prepending it would shift every seq by one.
 *
 * @example
 * const read = readInjectionTraceLine(line);
 * if (read.ok) events.push(...injectionTraceToEvents(read.trace, { tenant: 'eval' }));
 */
export function injectionTraceToEvents(trace: InjectionTrace, options: ImportTraceOptions): LedgerEvent[] {
  const sessionId = options.sessionId ?? defaultSessionId(trace.trace_id);
  const base = options.time?.getTime() ?? DEFAULT_BASE_TIME;
  const events: UnchainedEvent[] = [];
  const push = (seq: number, type: LedgerEvent['type'], data: unknown, server?: string): void => {
    const source: EventSource = { kind: 'importer', host: trace.source, agent: trace.model, emitter: EMITTER };
    if (server !== undefined) source.server = { name: server };
    const unsealed = {
      specversion: '1.0',
      id: deterministicEventId(trace.trace_id, seq),
      time: new Date(base + seq).toISOString(),
      tenant: options.tenant,
      session_id: sessionId,
      seq,
      source,
      type,
      data,
    };
    events.push(unsealed as unknown as UnchainedEvent);
  };
  for (const event of trace.events) {
    const mapped = mapEvent(event);
    push(event.seq, mapped.type, mapped.data, 'server' in event ? event.server : undefined);
  }
  push(trace.events.length, 'session.started', { external_id: trace.trace_id, client_info: { name: trace.source } });
  return chainEvents(events);
}

function mapEvent(event: InjectionTraceEvent): { type: LedgerEvent['type']; data: unknown } {
  switch (event.kind) {
    case 'tools_list':
      return { type: 'tools.listed', data: { 'mcp.method.name': 'tools/list', items: listedTools(event.content) } };
    case 'user_prompt':
      return { type: 'user.prompt', data: { content: contentRefOf(event.content, 'text/plain') } };
    case 'tool_call':
      return {
        type: 'tool_call.requested',
        data: {
          call_id: event.call_id,
          'gen_ai.tool.name': event.tool,
          'mcp.method.name': 'tools/call',
          arguments: event.arguments,
          arguments_hash: hashJson(event.arguments),
        },
      };
    case 'tool_result':
      return {
        type: 'tool_call.completed',
        data: {
          call_id: event.call_id,
          'gen_ai.tool.name': event.tool,
          is_error: event.is_error === true,
          result: contentRefOf(textToolResult(event.content, event.is_error === true)),
          duration_ms: 0,
        },
      };
  }
}

/** `{"tools":[…]}` → listed definitions; an unreadable list imports as empty, not as an error. */
function listedTools(content: string): ListedDefinition[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return [];
  }
  const tools = (parsed as { tools?: unknown } | null)?.tools;
  if (!Array.isArray(tools)) return [];
  return tools
    .filter((tool): tool is Record<string, unknown> => tool !== null && typeof tool === 'object' && typeof tool['name'] === 'string')
    .map((definition) => ({ name: definition['name'] as string, definition_hash: hashJson(definition), definition }));
}

function defaultSessionId(traceId: string): string {
  return Identifier.safeParse(traceId).success ? traceId : `trace-${hashJson(traceId).slice(7, 39)}`;
}
