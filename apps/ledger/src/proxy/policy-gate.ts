import { randomUUID } from 'node:crypto';
import { evaluatePolicy, type Policy } from '@mcp-ledger/policy';
import { callHash, holdForApproval } from './approval-hold';
import type { ForwardGate, ForwardVerdict, JsonRpcRequestView } from './forward-gate';
import type { ApprovalsClient } from './ledger-approvals.client';

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

/** With approvals: `require_approval` holds the call for a reviewer instead of refusing it. */
export interface ApprovalSettings {
  client: ApprovalsClient;
  /** How long a held call waits for a decision before it is refused (`--approval-timeout`). */
  timeoutMs: number;
  pollMs?: number;
  /** Delivers what was recorded so far (the `approval.requested` event) to the ledger. */
  flush: () => Promise<void>;
  log: (message: string) => void;
}

/**
 * Decides every `tools/call` under a policy before it is forwarded: `allow` forwards it
 * unchanged; `deny` answers the client with a JSON-RPC error and never forwards it;
 * `require_approval` holds it until a reviewer decides (with approvals configured) or
 * refuses it like a deny (without). Every decision is annotated for the recorder, which
 * writes it as `policy.evaluated` (enforced) — and for a held call `approval.requested` —
 * right after the request. Other requests pass.
 */
export function createPolicyGate(policy: Policy, context: PolicyGateContext, approvals?: ApprovalSettings): ForwardGate {
  return {
    decide(request: JsonRpcRequestView): ForwardVerdict {
      if (request.method !== 'tools/call') return { forward: true };
      const params = typeof request.params === 'object' && request.params !== null ? (request.params as Record<string, unknown>) : {};
      const tool = typeof params['name'] === 'string' ? params['name'] : '';
      const decision = evaluatePolicy(policy, { tenant: context.tenant, agent: context.agent, server: context.server, tool, arguments: params['arguments'] });
      const policyNote = { decision: decision.decision, policyVersion: decision.policyVersion, matchedRules: decision.matchedRules, reason: decision.reason, enforced: true };
      if (decision.decision === 'allow') return { forward: true, annotation: { policy: policyNote } };
      const data = { policy_version: decision.policyVersion, matched_rules: decision.matchedRules, decision: decision.decision, reason: decision.reason, risk: decision.risk };
      if (decision.decision === 'require_approval' && approvals !== undefined) {
        const approvalId = randomUUID();
        const hash = callHash({ server: context.server, tool, arguments: params['arguments'] });
        const expiresAtMs = Date.now() + approvals.timeoutMs;
        const approval = {
          approvalId,
          callHash: hash,
          expiresAt: new Date(expiresAtMs).toISOString(),
          reason: decision.reason,
          policyVersion: decision.policyVersion,
          matchedRules: decision.matchedRules,
          risk: decision.risk,
        };
        approvals.log(`holding tools/call ${JSON.stringify(tool)} for approval ${approvalId} (until ${approval.expiresAt})`);
        return {
          forward: 'held',
          annotation: { policy: policyNote, approval },
          outcome: holdForApproval({
            client: approvals.client,
            approvalId,
            callHash: hash,
            tool,
            expiresAtMs,
            pollMs: approvals.pollMs,
            beforePolling: approvals.flush,
            log: approvals.log,
          }),
        };
      }
      const message =
        decision.decision === 'deny'
          ? `tools/call ${JSON.stringify(tool)} denied by policy ${decision.policyVersion}: ${decision.reason}`
          : `tools/call ${JSON.stringify(tool)} requires approval under policy ${decision.policyVersion} (${decision.reason}); approvals are off (--approval-timeout 0), so it was not forwarded`;
      return { forward: false, error: { code: POLICY_DENIED_CODE, message, data }, annotation: { policy: policyNote } };
    },
  };
}
