import { z } from 'zod';

/**
 * The fields of an injection-traces line the importer is allowed to read. `labels`,
 * `attack_succeeded` and `meta` are the answers: they are not declared here, and zod's
 * default (strip) drops them, so nothing downstream can reach them by accident.
 */
const ToolsListEvent = z.object({ seq: z.number().int().nonnegative(), kind: z.literal('tools_list'), server: z.string(), content: z.string() });
const UserPromptEvent = z.object({ seq: z.number().int().nonnegative(), kind: z.literal('user_prompt'), content: z.string() });
const ToolCallEvent = z.object({
  seq: z.number().int().nonnegative(),
  kind: z.literal('tool_call'),
  server: z.string(),
  tool: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()),
  call_id: z.string().min(1),
});
const ToolResultEvent = z.object({
  seq: z.number().int().nonnegative(),
  kind: z.literal('tool_result'),
  server: z.string(),
  tool: z.string().min(1),
  call_id: z.string().min(1),
  content: z.string(),
  is_error: z.boolean().optional(),
});

export const InjectionTraceEvent = z.discriminatedUnion('kind', [ToolsListEvent, UserPromptEvent, ToolCallEvent, ToolResultEvent]);
export type InjectionTraceEvent = z.infer<typeof InjectionTraceEvent>;

export const InjectionTrace = z.object({
  trace_id: z.string().min(1).max(256),
  source: z.string(),
  suite: z.string(),
  model: z.string(),
  events: z.array(InjectionTraceEvent),
});
/** A trace as the importer sees it: no labels, no verdict, no metadata. */
export type InjectionTrace = z.infer<typeof InjectionTrace>;

export type ReadTraceResult = { ok: true; trace: InjectionTrace } | { ok: false; error: string };

/**
 * Parses one JSONL line of the injection-traces format, keeping only the importable
 * fields. Checks that `seq` is the event's index, which the labels rely on.
 */
export function readInjectionTraceLine(line: string): ReadTraceResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  const parsed = InjectionTrace.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, error: `invalid trace: ${issues.join('; ')}` };
  }
  const misplaced = parsed.data.events.findIndex((event, index) => event.seq !== index);
  if (misplaced >= 0) return { ok: false, error: `events[${misplaced}].seq is not ${misplaced}` };
  return { ok: true, trace: parsed.data };
}

/** Splits a JSONL text into non-blank lines (for small files and tests; stream big ones). */
export function splitJsonLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}
