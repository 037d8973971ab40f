import { injectionTraceToEvents, type InjectionTrace } from '@mcp-ledger/importers';
import type { LedgerEvent } from '@mcp-ledger/events';

type Step =
  | { user: string }
  | { call: string; args: Record<string, unknown>; id?: string }
  | { result: string; id?: string };

/**
 * Hand-made sessions for specs, written as a script: `{user}`, `{call, args}` and the
 * `{result}` of the latest call. Built through the real importer, so the engine sees the
 * same ledger events (ContentRef bodies, call ids, seqs) as in production.
 */
export function session(tools: string[], steps: Step[]): LedgerEvent[] {
  const events: InjectionTrace['events'] = [];
  const list = { tools: tools.map((name) => ({ name, description: `${name} tool`, inputSchema: {} })) };
  events.push({ seq: 0, kind: 'tools_list', server: 'srv', content: JSON.stringify(list) });
  let lastCall: { id: string; tool: string } | undefined;
  let n = 0;
  for (const step of steps) {
    const seq = events.length;
    if ('user' in step) events.push({ seq, kind: 'user_prompt', content: step.user });
    else if ('call' in step) {
      n += 1;
      lastCall = { id: step.id ?? `c${n}`, tool: step.call };
      events.push({ seq, kind: 'tool_call', server: 'srv', tool: step.call, arguments: step.args, call_id: lastCall.id });
    } else {
      const call = lastCall ?? { id: 'c0', tool: 'unknown' };
      events.push({ seq, kind: 'tool_result', server: 'srv', tool: call.tool, call_id: step.id ?? call.id, content: step.result });
    }
  }
  return injectionTraceToEvents({ trace_id: 'spec-trace', source: 'spec', suite: 'spec', model: 'spec', events }, { tenant: 'spec' });
}
