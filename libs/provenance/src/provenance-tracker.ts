import type { ContentRef, LedgerEvent } from '@mcp-ledger/events';
import { argumentValues } from './argument-values';
import { contentText } from './content-text';
import { scoreCall } from './score-call';
import { SessionState } from './session-state';
import type { CallVerdict } from './types';

/**
 * Follows ONE session's events in seq order and returns a verdict for each tool call as
 * its `tool_call.requested` arrives (a call can only derive from what came before it, so
 * later events never change an earlier verdict). Memory is bounded by `SESSION_BOUNDS`.
 * After a restart, rebuild the state with {@link ProvenanceTracker.rebuild} from the
 * session's stored events, then keep consuming new ones.
 *
 * @example
 * const tracker = new ProvenanceTracker();
 * for (const event of incoming) for (const verdict of tracker.consume(event)) store(verdict);
 */
export class ProvenanceTracker {
  private readonly state = new SessionState();
  private lastSeq = -1;

  /** A tracker whose state is as if `events` had been consumed; their verdicts are dropped. */
  static rebuild(events: Iterable<LedgerEvent>): ProvenanceTracker {
    const tracker = new ProvenanceTracker();
    tracker.consumeAll(events);
    return tracker;
  }

  /** Consumes one event; returns the verdicts it produced (zero or one). Replays of seen seqs are ignored. */
  consume(event: LedgerEvent): CallVerdict[] {
    if (event.seq <= this.lastSeq) return [];
    this.lastSeq = event.seq;
    switch (event.type) {
      case 'tools.listed':
        this.state.addTools(event.data.items.map((item) => item.name));
        return [];
      case 'user.prompt':
        this.state.addUserPrompt(contentText(event.data.content.body));
        return [];
      case 'tool_call.requested': {
        const call = { callId: event.data.call_id, seq: event.seq, toolName: event.data['gen_ai.tool.name'], args: event.data.arguments };
        const verdict = scoreCall(this.state, call);
        this.state.recordCall(call.callId, call.seq, argumentValues(call.args), verdict);
        return [verdict];
      }
      case 'tool_call.completed':
        this.addContent(event.seq, event.data.result, event.data.call_id);
        return [];
      case 'resource.read':
        this.addContent(event.seq, event.data.contents);
        return [];
      case 'prompt.got':
        // MCP prompts are user-controlled: the user picks the template, so its text is the
        // user's request, not untrusted content (a poisoned template is a blind spot).
        if (event.data.messages !== undefined) this.state.addUserPrompt(contentText(event.data.messages.body));
        return [];
      case 'sampling.completed':
        this.addContent(event.seq, event.data.result);
        return [];
      case 'model.turn':
        if (event.data.context_hashes !== undefined) this.state.context = new Set(event.data.context_hashes.slice(0, 4_096));
        return [];
      default:
        return [];
    }
  }

  /** Consumes a batch (sorted by seq); returns the verdicts in call order. */
  consumeAll(events: Iterable<LedgerEvent>): CallVerdict[] {
    const verdicts: CallVerdict[] = [];
    for (const event of events) verdicts.push(...this.consume(event));
    return verdicts;
  }

  private addContent(seq: number, ref: ContentRef | undefined, callId?: string): void {
    if (ref === undefined) return;
    this.state.addContent(seq, ref.hash, contentText(ref.body), callId);
  }
}

/**
 * One-shot analysis of a whole session: the verdict of every tool call, in seq order.
 * Events of other sessions must not be mixed in; events are sorted by seq first.
 */
export function analyseSession(events: readonly LedgerEvent[]): CallVerdict[] {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  return new ProvenanceTracker().consumeAll(sorted);
}
