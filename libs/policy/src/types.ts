import type { ArgumentViolation } from './argument-constraints';
import type { Effect, Risk } from './policy.schema';

export type Decision = Effect;
export type { Risk };

/** MCP `ToolAnnotations` hints; untrusted, so they may raise a risk but never lower it. */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** A tool call as the proxy, the emitter or the projector sees it, before or after it ran. */
export interface ToolCall {
  tenant: string;
  /** Absent when the host does not say which agent it is; matched as the empty string. */
  agent?: string;
  /** Id of the host's `source.task`; absent when the host sends none, matched as the empty string. */
  task?: string;
  server: string;
  tool: string;
  /** Whatever JSON the client sent; the evaluator accepts any value here. */
  arguments: unknown;
  annotations?: ToolAnnotations;
}

export interface PolicyDecision {
  decision: Decision;
  /** Rules whose selector and `when` matched the call, in file order. */
  matchedRules: string[];
  /** Why, naming the deciding rule and, for a violated `require`, the argument and constraint. */
  reason: string;
  /** Highest `risk` among matched rules; classified from the tool name and annotations when none sets one. */
  risk: Risk;
  policyVersion: string;
  /** Argument constraints a matched rule required and the call broke. */
  violations: ArgumentViolation[];
}
