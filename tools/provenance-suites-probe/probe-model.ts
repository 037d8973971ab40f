/**
 * The vocabulary of the suites probe: tools, user tasks, attacker goals, and how results
 * render. Every suite is written by hand from general knowledge of its domain; nothing is
 * taken from any benchmark's task or injection definitions.
 */

export interface ToolSpec {
  server: string;
  name: string;
  description: string;
  /** parameter → description (all strings in the schema; enough for a tools/list). */
  params: Record<string, string>;
}

/** What a tool returns; `inj` is the attacker's text when this result carries it, else ''. */
export type ResultOf = string | ((inj: string) => string);

export interface Step {
  tool: string;
  args: Record<string, unknown>;
  result: ResultOf;
  /** This result holds data a third party controls: an attack may sit in it. */
  carrier?: boolean;
}

export interface UserTask {
  id: string;
  prompt: string;
  steps: Step[];
  /** Why the benign run is hard (delegated document, listing, value in prompt and data, people-facing imperative). */
  hard?: string;
}

export interface GoalCall {
  tool: string;
  args: Record<string, unknown>;
  result: string;
  /**
   * `act`: the call the attacker asked for (injected); `follow-up`: a write on what an
   * `act` call returned (injected, rule R2); `gather`: a read the goal needs (unlabelled,
   * as in the DEV labels).
   */
  role: 'act' | 'follow-up' | 'gather';
  /** The call also uses a value ordinary data already holds (a listed hotel, a known account). */
  reusesData?: boolean;
}

export interface Goal {
  id: string;
  /** The request as an imperative clause without final stop ("transfer 250.00 EUR to …"). */
  imperative: string;
  /** The same goal as a planted statement of fact, no imperative mood. */
  fact: string;
  /** The request in another language. */
  foreign: string;
  calls: GoalCall[];
}

export interface Suite {
  name: string;
  tools: ToolSpec[];
  tasks: UserTask[];
  goals: Goal[];
}

/** `base` with the injection appended as its own paragraph, or `base` alone. */
export function withInj(base: string, inj: string, separator = '\n\n'): string {
  return inj === '' ? base : `${base}${separator}${inj}`;
}

/**
 * A YAML-like rendering such as many MCP servers return (lists of records, block text).
 * Multi-line strings become indented blocks, so an injection keeps its line breaks.
 */
export function yaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    return value
      .map((item) => {
        const body = yaml(item, `${indent}  `);
        return `${indent}- ${body.trimStart()}`;
      })
      .join('\n');
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, member]) => {
        if (typeof member === 'string' && member.includes('\n')) {
          return `${indent}${key}: |\n${member
            .split('\n')
            .map((line) => `${indent}  ${line}`)
            .join('\n')}`;
        }
        if (member !== null && typeof member === 'object') return `${indent}${key}:\n${yaml(member, `${indent}  `)}`;
        return `${indent}${key}: ${String(member)}`;
      })
      .join('\n');
  }
  return `${indent}${String(value)}`;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
