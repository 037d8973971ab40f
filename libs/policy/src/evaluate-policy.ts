import type { ArgumentViolation } from './argument-constraints';
import { classifyToolRisk, maxRisk } from './classify-tool-risk';
import type { CompiledRule, Policy } from './compile-policy';
import { matchAnyGlob } from './glob';
import type { Decision, PolicyDecision, ToolCall } from './types';

/** Most restrictive first: an explicit deny beats a required approval beats an allow. */
const STRICTNESS: Record<Decision, number> = { allow: 0, require_approval: 1, deny: 2 };

interface Outcome {
  rule: CompiledRule;
  decision: Decision;
  violations: ArgumentViolation[];
}

/**
 * Decides a tool call under a policy. Semantics (libs/policy/README.md has the long form):
 *
 * - A rule **matches** when every selector it sets (tenant, agent, task, server, tool — globs,
 *   a list means any of them) matches, and every `when` constraint holds.
 * - A matched rule's outcome is its `effect`, except that a violated `require`
 *   constraint makes its outcome `deny`, naming the argument and constraint.
 * - Of all matched rules the **most restrictive** outcome wins (deny > require_approval >
 *   allow), independent of rule order, so adding an allow rule can never undo a deny.
 * - When nothing matches, the policy's `default` applies.
 *
 * Deterministic and total: any `arguments` value (non-objects, huge strings, nested
 * arrays, `__proto__` keys) yields a decision rather than an exception.
 *
 * @example
 * const parsed = parsePolicy(text, { fileName: 'policy.yaml' });
 * if (parsed.ok) evaluatePolicy(parsed.policy, { tenant: 'acme', server: 'mail', tool: 'send_email', arguments: { to: 'x@acme.example' } });
 */
export function evaluatePolicy(policy: Policy, call: ToolCall): PolicyDecision {
  const subject = {
    tenant: text(call.tenant),
    agent: text(call.agent),
    task: text(call.task),
    server: text(call.server),
    tool: text(call.tool),
  };
  const outcomes: Outcome[] = [];
  for (const rule of policy.rules) {
    if (!rule.selectors.every(({ field, globs }) => matchAnyGlob(globs, subject[field]))) continue;
    if (rule.when && rule.when.violations(call.arguments).length > 0) continue;
    const violations = rule.require?.violations(call.arguments) ?? [];
    outcomes.push({ rule, decision: violations.length > 0 ? 'deny' : rule.effect, violations });
  }

  const decisive = outcomes.reduce<Outcome | undefined>(
    (best, o) => (best === undefined || STRICTNESS[o.decision] > STRICTNESS[best.decision] ? o : best),
    undefined,
  );
  const declared = outcomes.map((o) => o.rule.risk).filter((r) => r !== undefined);
  const risk = declared.length > 0 ? maxRisk(declared) : classifyToolRisk({ name: subject.tool, annotations: call.annotations }).risk;

  return {
    decision: decisive?.decision ?? policy.defaultEffect,
    matchedRules: outcomes.map((o) => o.rule.id),
    reason: decisive ? reasonFor(decisive) : `no rule matched; default is ${policy.defaultEffect}`,
    risk,
    policyVersion: policy.policyVersion,
    violations: outcomes.flatMap((o) => o.violations),
  };
}

function reasonFor({ rule, decision, violations }: Outcome): string {
  const why = rule.description ? ` (${rule.description})` : '';
  if (violations.length > 0) return `rule "${rule.id}" requires: ${violations.map((v) => v.message).join('; ')}`;
  switch (decision) {
    case 'deny':
      return `denied by rule "${rule.id}"${why}`;
    case 'require_approval':
      return `rule "${rule.id}" requires approval${why}`;
    case 'allow':
      return `allowed by rule "${rule.id}"${why}`;
  }
}

/** Selector inputs come from the wire; anything but a string matches only as the empty string. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
