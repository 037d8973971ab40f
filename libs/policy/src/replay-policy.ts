import type { Policy } from './compile-policy';
import { evaluatePolicy } from './evaluate-policy';
import type { Decision, PolicyDecision, ToolCall } from './types';

export interface RecordedCall extends ToolCall {
  callId: string;
  sessionId: string;
  /** What the policy in force at the time decided, when it was recorded. */
  decisionThen?: Decision;
}

export interface ReplayedCall extends PolicyDecision {
  callId: string;
  sessionId: string;
  tenant: string;
  agent?: string;
  task?: string;
  server: string;
  tool: string;
  decisionThen?: Decision;
}

export interface ReplayReport {
  policyVersion: string;
  total: number;
  wouldDeny: ReplayedCall[];
  wouldRequireApproval: ReplayedCall[];
  /** Calls whose recorded decision differs from the new one (only calls with a `decisionThen`). */
  changed: ReplayedCall[];
}

/**
 * Re-decides recorded calls under `policy`: "what would this policy have blocked last
 * month?". Pure and order-preserving; the caller streams history in and stores or prints
 * the report. Arguments are not copied into the report, only the verdicts and reasons.
 */
export function replayPolicy(policy: Policy, calls: Iterable<RecordedCall>): ReplayReport {
  const report: ReplayReport = { policyVersion: policy.policyVersion, total: 0, wouldDeny: [], wouldRequireApproval: [], changed: [] };
  for (const call of calls) {
    report.total++;
    const replayed: ReplayedCall = {
      callId: call.callId,
      sessionId: call.sessionId,
      tenant: call.tenant,
      agent: call.agent,
      task: call.task,
      server: call.server,
      tool: call.tool,
      decisionThen: call.decisionThen,
      ...evaluatePolicy(policy, call),
    };
    if (replayed.decision === 'deny') report.wouldDeny.push(replayed);
    if (replayed.decision === 'require_approval') report.wouldRequireApproval.push(replayed);
    if (call.decisionThen !== undefined && call.decisionThen !== replayed.decision) report.changed.push(replayed);
  }
  return report;
}
