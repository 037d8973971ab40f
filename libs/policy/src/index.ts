/**
 * @mcp-ledger/policy — policy before execution, pure: the caller reads the file and
 * passes its text; nothing here does I/O.
 *
 * @example
 * const parsed = parsePolicy(text, { fileName: 'policy.yaml' });
 * if (!parsed.ok) throw new Error(parsed.errors.map(formatPolicyError).join('\n'));
 * const verdict = evaluatePolicy(parsed.policy, { tenant: 'acme', server: 'mail', tool: 'send_email', arguments: { to: 'a@acme.example' } });
 */
export { parsePolicy, formatPolicyError, type ParsePolicyResult, type PolicyError } from './parse-policy';
export { compilePolicy, type Policy, type CompiledRule } from './compile-policy';
export { evaluatePolicy } from './evaluate-policy';
export { policyEvaluatedData } from './policy-event';
export { replayPolicy, type RecordedCall, type ReplayedCall, type ReplayReport } from './replay-policy';
export { suggestPolicy, type ObservedCall, type SuggestPolicyOptions } from './suggest-policy';
export { policyForTask } from './policy-for-task';
export { SUGGEST_LIMITS } from './suggest-constraints';
export { classifyToolRisk, maxRisk, type ToolAction, type ToolRisk } from './classify-tool-risk';
export { PolicyDocument, Rule, Match, ArgumentConstraint, JsonSchemaSubset, Effect, Risk } from './policy.schema';
export type { ArgumentViolation, ConstraintKind } from './argument-constraints';
export type { Decision, PolicyDecision, ToolCall, ToolAnnotations } from './types';
