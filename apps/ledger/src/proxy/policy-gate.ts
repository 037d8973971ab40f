import { evaluatePolicy, type Policy } from '@mcp-ledger/policy';
import type { ForwardGate, ForwardVerdict, JsonRpcRequestView } from './forward-gate';

/**
 * JSON-RPC error code of a call the proxy refused under policy. In the implementation-defined
 * server-error range (-32000…-32099); -32000 is taken by "connection closed" in the SDKs.
 */
export const POLICY_DENIED_CODE = -32001;

export interface PolicyGateContext {
  tenant: string;
  agent?: string;
  /** The proxied server's name (`--name`). */
  server: string;
}

/**
 * Decides every `tools/call` under a policy before it is forwarded: `allow` forwards it
 * unchanged; `deny` and (until approvals exist) `require_approval` answer the client with a
 * JSON-RPC error and never forward it. Every decision is annotated for the recorder, which
 * writes it as `policy.evaluated` (enforced) right after the request. Other requests pass.
 */
export function createPolicyGate(policy: Policy, context: PolicyGateContext): ForwardGate {
  return {
    decide(request: JsonRpcRequestView): ForwardVerdict {
      if (request.method !== 'tools/call') return { forward: true };
      const params = typeof request.params === 'object' && request.params !== null ? (request.params as Record<string, unknown>) : {};
      const tool = typeof params['name'] === 'string' ? params['name'] : '';
      const decision = evaluatePolicy(policy, { tenant: context.tenant, agent: context.agent, server: context.server, tool, arguments: params['arguments'] });
      const annotation = {
        policy: { decision: decision.decision, policyVersion: decision.policyVersion, matchedRules: decision.matchedRules, reason: decision.reason, enforced: true },
      };
      if (decision.decision === 'allow') return { forward: true, annotation };
      const data = { policy_version: decision.policyVersion, matched_rules: decision.matchedRules, decision: decision.decision, reason: decision.reason, risk: decision.risk };
      const message =
        decision.decision === 'deny'
          ? `tools/call ${JSON.stringify(tool)} denied by policy ${decision.policyVersion}: ${decision.reason}`
          : `tools/call ${JSON.stringify(tool)} requires approval under policy ${decision.policyVersion} (${decision.reason}); approvals are not available in this build, so it was not forwarded`;
      return { forward: false, error: { code: POLICY_DENIED_CODE, message, data }, annotation };
    },
  };
}
