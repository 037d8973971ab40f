import type { EventData } from '@mcp-ledger/events';
import type { PolicyDecision } from './types';

/**
 * The `data` of a `policy.evaluated` event for a decision. `enforced` is true where the
 * decision gated the call (proxy, enforcing emitter) and false where the projector
 * judged a call after it ran.
 */
export function policyEvaluatedData(input: {
  decision: PolicyDecision;
  callId: string;
  toolName: string;
  enforced: boolean;
}): EventData<'policy.evaluated'> {
  return {
    call_id: input.callId,
    'gen_ai.tool.name': input.toolName,
    decision: input.decision.decision,
    policy_version: input.decision.policyVersion,
    matched_rules: input.decision.matchedRules,
    enforced: input.enforced,
    reason: input.decision.reason,
  };
}
