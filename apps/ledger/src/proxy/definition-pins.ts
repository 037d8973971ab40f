import type { LedgerEmitter, RecordedSession } from '@mcp-ledger/emitter';
import { hashJson } from '@mcp-ledger/events';
import type { FinalVerdict, ForwardGate, ForwardVerdict, JsonRpcRequestView } from './forward-gate';
import type { ApprovalsClient } from './ledger-approvals.client';

/** A call to a tool whose definition changed since it was pinned, not yet re-approved. */
export const DEFINITION_CHANGED_CODE = -32004;

/** The fields that define a tool: the same as the emitter hashes into `definition_hash`. */
const TOOL_FIELDS = ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations'] as const;

/** `definition_hash` of one `tools/list` entry, as the emitter records it (so admins approve the hash GraphQL shows). */
export function toolDefinitionHash(tool: Record<string, unknown>): string {
  const definition: Record<string, unknown> = {};
  for (const field of TOOL_FIELDS) if (tool[field] !== undefined) definition[field] = tool[field];
  return hashJson(definition);
}

interface Listed {
  hash: string;
  definition: Record<string, unknown>;
}

/**
 * `--pin-definitions`: each tool's definition is pinned at the first `tools/list` that
 * shows it. When a later listing shows another definition, calls to that tool are
 * refused until an admin approves the new definition hash (`approveToolDefinition`);
 * the proxy asks the ledger on each such call, and once approved the new definition is
 * the pin. A ledger it cannot reach keeps the tool blocked (fail closed).
 */
export class DefinitionPins {
  private readonly pinned = new Map<string, Listed>();
  private readonly latest = new Map<string, Listed>();

  constructor(private readonly options: { server: string; client: ApprovalsClient; log: (message: string) => void }) {}

  /** Feeds one `tools/list` result. */
  observeListing(result: unknown): void {
    const tools = typeof result === 'object' && result !== null ? (result as { tools?: unknown }).tools : undefined;
    if (!Array.isArray(tools)) return;
    for (const tool of tools) {
      if (typeof tool !== 'object' || tool === null || typeof (tool as { name?: unknown }).name !== 'string') continue;
      const definition = tool as Record<string, unknown>;
      const name = definition['name'] as string;
      const listed = { hash: toolDefinitionHash(definition), definition };
      if (!this.pinned.has(name)) this.pinned.set(name, listed);
      else if (this.pinned.get(name)!.hash !== listed.hash && this.latest.get(name)?.hash !== listed.hash) {
        this.options.log(`tool ${JSON.stringify(name)} changed its definition (${this.pinned.get(name)!.hash} → ${listed.hash}); calls are blocked until an admin approves it`);
      }
      this.latest.set(name, listed);
    }
  }

  /** Refuses a call to a changed, unapproved tool; anything else passes (undefined). */
  async check(tool: string): Promise<FinalVerdict | undefined> {
    const pinned = this.pinned.get(tool);
    const latest = this.latest.get(tool);
    if (!pinned || !latest || pinned.hash === latest.hash) return undefined;
    let approved = false;
    try {
      approved = await this.options.client.definitionApproved(tool, latest.hash);
    } catch (error) {
      this.options.log(`asking the ledger whether ${tool} ${latest.hash} is approved failed: ${(error as Error).message}`);
    }
    if (approved) {
      this.pinned.set(tool, latest);
      this.options.log(`tool ${JSON.stringify(tool)} definition ${latest.hash} was approved; calls pass again`);
      return undefined;
    }
    const changed = TOOL_FIELDS.filter((field) => JSON.stringify(pinned.definition[field]) !== JSON.stringify(latest.definition[field]));
    return {
      forward: false,
      error: {
        code: DEFINITION_CHANGED_CODE,
        message:
          `tools/call ${JSON.stringify(tool)} blocked: the tool's definition changed since it was pinned (${changed.join(', ') || 'definition'}: ` +
          `${pinned.hash} → ${latest.hash}); an admin must approve the new definition (approveToolDefinition) before it can be called`,
        data: { decision: 'definition_changed', server: this.options.server, tool, pinned_hash: pinned.hash, new_hash: latest.hash, changed_fields: changed },
      },
    };
  }

  /** A gate refusing calls to changed tools, in front of `next` (the policy gate, if any). */
  gate(next?: ForwardGate): ForwardGate {
    return {
      decide: async (request: JsonRpcRequestView): Promise<ForwardVerdict> => {
        if (request.method === 'tools/call') {
          const params = typeof request.params === 'object' && request.params !== null ? (request.params as Record<string, unknown>) : {};
          const refused = await this.check(typeof params['name'] === 'string' ? params['name'] : '');
          if (refused) return refused;
        }
        return next ? next.decide(request) : { forward: true };
      },
    };
  }

  /** The emitter, with every recorded session also feeding `tools/list` answers to the pins. */
  observe(emitter: LedgerEmitter): LedgerEmitter {
    return {
      wrap: (transport, options) => emitter.wrap(transport, options),
      record: (options) => this.observeSession(emitter.record(options)),
      flush: () => emitter.flush(),
      close: (options) => emitter.close(options),
      stats: () => emitter.stats(),
    };
  }

  private observeSession(session: RecordedSession): RecordedSession {
    const listRequests = new Set<string>();
    const key = (id: unknown) => JSON.stringify(id);
    const see = (message: unknown, direction: 'outbound' | 'inbound'): void => {
      for (const member of Array.isArray(message) ? message : [message]) {
        if (typeof member !== 'object' || member === null) continue;
        const m = member as { id?: unknown; method?: unknown; result?: unknown };
        if (direction === 'outbound' && m.method === 'tools/list' && m.id !== undefined) listRequests.add(key(m.id));
        if (direction === 'inbound' && m.method === undefined && m.id !== undefined && listRequests.delete(key(m.id))) this.observeListing(m.result);
      }
    };
    return {
      sessionId: session.sessionId,
      capture: (message, direction, annotation) => {
        try {
          see(message, direction);
        } catch (error) {
          this.options.log(`pinning could not read a message: ${(error as Error).message}`);
        }
        session.capture(message, direction, annotation);
      },
      close: (reason, error) => session.close(reason, error),
    };
  }
}
