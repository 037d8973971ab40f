import { z } from 'zod';
import { Sha256Ref } from '../content.schema';

/** Decided before the call is forwarded (proxy / enforcing emitter) or after it (projector). */
export const PolicyEvaluatedData = z
  .object({
    call_id: z.string(),
    'gen_ai.tool.name': z.string(),
    decision: z.enum(['allow', 'deny', 'require_approval']),
    policy_version: z.string(),
    matched_rules: z.array(z.string()),
    enforced: z.boolean(),
    reason: z.string().optional(),
  })
  .strict();

const Reviewer = z.object({ id: z.string(), name: z.string().optional(), issuer: z.string().optional() }).strict();

export const ApprovalRequestedData = z
  .object({
    approval_id: z.string(),
    call_id: z.string(),
    'gen_ai.tool.name': z.string(),
    /** Hash of tool name + arguments: an approval is bound to exactly this call. */
    call_hash: Sha256Ref,
    reason: z.string().optional(),
    expires_at: z.string().datetime({ offset: true }),
    /** The decision that held the call (optional: added with approvals in the proxy). */
    policy_version: z.string().max(255).optional(),
    matched_rules: z.array(z.string().max(255)).max(256).optional(),
    risk: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  })
  .strict();

/**
 * A decision on an approval. `subject` (default `tool_call`) says what was approved: a held
 * call (`call_hash` binds it to that exact call), or a tool definition a proxy pinned
 * (`tool_definition`: `call_hash` is then the approved `definition_hash` of
 * `gen_ai.tool.name` on `mcp.server.name`).
 */
export const ApprovalDecidedData = z
  .object({
    approval_id: z.string(),
    call_hash: Sha256Ref,
    decision: z.enum(['approved', 'denied', 'expired']),
    reviewer: Reviewer.optional(),
    comment: z.string().max(4096).optional(),
    subject: z.enum(['tool_call', 'tool_definition']).optional(),
    'mcp.server.name': z.string().max(255).optional(),
    'gen_ai.tool.name': z.string().max(512).optional(),
  })
  .strict();

export const FindingRaisedData = z
  .object({
    finding_id: z.string(),
    kind: z.string(),
    severity: z.enum(['info', 'low', 'medium', 'high', 'critical']),
    summary: z.string(),
    evidence: z.record(z.string(), z.unknown()),
    call_id: z.string().optional(),
  })
  .strict();
