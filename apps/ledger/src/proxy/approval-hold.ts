import { hashJson } from '@mcp-ledger/events';
import type { FinalVerdict } from './forward-gate';
import type { ApprovalAnswer, ApprovalsClient } from './ledger-approvals.client';

/** A reviewer refused the held call (or the ledger's decision does not match it). */
export const APPROVAL_DENIED_CODE = -32002;
/** Nobody decided before the proxy stopped waiting. */
export const APPROVAL_TIMEOUT_CODE = -32003;

/**
 * What binds an approval to one call: `sha256:` of the canonical JSON of the server, the
 * tool and the arguments exactly as the client sent them (before any redaction). A call
 * that differs in anything gets a different hash, so it cannot reuse another's approval.
 */
export function callHash(call: { server: string; tool: string; arguments: unknown }): string {
  return hashJson({ server: call.server, tool: call.tool, arguments: call.arguments ?? null });
}

export interface HoldOptions {
  client: ApprovalsClient;
  approvalId: string;
  /** The held call's own hash: an approval for any other hash does not release it. */
  callHash: string;
  tool: string;
  /** Epoch ms: when the proxy stops waiting and refuses the call. */
  expiresAtMs: number;
  pollMs?: number;
  /** Runs first: gets the `approval.requested` event to the ledger (emitter flush). */
  beforePolling?: () => Promise<void>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
}

const refuse = (code: number, message: string, data: Record<string, unknown>): FinalVerdict => ({ forward: false, error: { code, message, data } });

/**
 * Waits for the decision on one held call: polls the ledger until a reviewer decides or
 * the expiry passes, then tells the ledger it gave up (recorded as `expired` by `system`
 * unless a decision got there first, which then counts). Approved releases the call only
 * if the decision carries this call's hash; denied, expired, a foreign hash, or a ledger
 * it cannot reach at the end all refuse it. Never rejects.
 */
export async function holdForApproval(options: HoldOptions): Promise<FinalVerdict> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = options.pollMs ?? 500;
  const { client, approvalId, tool } = options;
  const data = { approval_id: approvalId, call_hash: options.callHash };
  // The caller records the held request right after the gate answers: let it, then flush.
  await new Promise<void>((resolve) => setImmediate(resolve));
  try {
    await options.beforePolling?.();
  } catch (error) {
    options.log?.(`could not flush the approval request ${approvalId}: ${(error as Error).message}`);
  }
  let answer: ApprovalAnswer | undefined;
  while (now() < options.expiresAtMs) {
    try {
      answer = await client.get(approvalId);
    } catch (error) {
      options.log?.(`asking the ledger about approval ${approvalId} failed: ${(error as Error).message}`);
      answer = undefined;
    }
    // A recorded decision ends the wait. An EXPIRED status without one is the ledger's clock
    // passing the deadline between our look and its answer: the expiry must still be recorded.
    if (answer?.decision !== undefined) break;
    await sleep(Math.max(0, Math.min(pollMs, options.expiresAtMs - now())));
  }
  if (answer?.decision === undefined) {
    try {
      answer = await client.expire(approvalId);
    } catch (error) {
      options.log?.(`recording the expiry of approval ${approvalId} failed: ${(error as Error).message}`);
      answer = undefined;
    }
  }
  return verdictOf(answer, { ...data, tool, expiresAtMs: options.expiresAtMs });
}

/** The verdict a decision gives the held call (pure: the state machine's last step). */
export function verdictOf(answer: ApprovalAnswer | undefined, held: { approval_id: string; call_hash: string; tool: string; expiresAtMs: number }): FinalVerdict {
  const data = { approval_id: held.approval_id, call_hash: held.call_hash };
  const { tool } = held;
  const decision = answer?.decision;
  if (answer?.status === 'APPROVED' && decision) {
    if (decision.call_hash !== held.call_hash) {
      return refuse(APPROVAL_DENIED_CODE, `tools/call ${JSON.stringify(tool)}: approval ${held.approval_id} is for a different call (hash ${decision.call_hash}); not forwarded`, {
        ...data,
        decision: 'mismatch',
      });
    }
    return { forward: true };
  }
  if (answer?.status === 'DENIED' && decision) {
    const by = decision.reviewer ?? 'a reviewer';
    return refuse(APPROVAL_DENIED_CODE, `tools/call ${JSON.stringify(tool)} was rejected by ${by}${decision.comment ? `: ${decision.comment}` : ''}`, {
      ...data,
      decision: 'denied',
      reviewer: decision.reviewer,
      comment: decision.comment,
    });
  }
  return refuse(
    APPROVAL_TIMEOUT_CODE,
    `tools/call ${JSON.stringify(tool)} was held for approval ${held.approval_id} and nobody approved it before ${new Date(held.expiresAtMs).toISOString()}; not forwarded`,
    { ...data, decision: 'expired' },
  );
}
