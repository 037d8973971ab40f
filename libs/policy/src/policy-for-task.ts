import type { Policy } from './compile-policy';
import { matchAnyGlob } from './glob';

/**
 * The policy as it applies to the calls of one task, for a gate that knows its task when
 * it starts (`mcp-ledger proxy --task`) rather than per call: rules whose `task` selector
 * cannot match `task` are dropped, and the others lose their `task` selector. Invariant:
 * for every call whose task is `task` (absent = `undefined` = the empty string),
 * `evaluatePolicy(policyForTask(p, task), call)` equals `evaluatePolicy(p, call)`, whatever
 * task the call itself carries (policy-for-task.spec.ts).
 */
export function policyForTask(policy: Policy, task: string | undefined): Policy {
  const subject = task ?? '';
  const rules = policy.rules.flatMap((rule) => {
    const taskSelector = rule.selectors.find((selector) => selector.field === 'task');
    if (taskSelector === undefined) return [rule];
    if (!matchAnyGlob(taskSelector.globs, subject)) return [];
    return [{ ...rule, selectors: rule.selectors.filter((selector) => selector.field !== 'task') }];
  });
  return { ...policy, rules };
}
