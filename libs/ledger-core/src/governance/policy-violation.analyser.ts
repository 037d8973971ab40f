import { Inject, Injectable, Optional } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { parseLedgerEvent, type LedgerEvent, type LedgerEventOf } from '@mcp-ledger/events';
import { evaluatePolicy, type Policy } from '@mcp-ledger/policy';
import { LEDGER_DATABASE } from '../database/database.module';
import type { FindingRow } from '../provenance/provenance-rows';
import { callFinding } from './finding-row';
import { LEDGER_POLICY } from './ledger-policy';
import { definitionFor, definitionsOf } from './tool-definitions';

/** What is known about one call of a session, from the batch and, where needed, the store. */
interface CallFacts {
  request?: LedgerEventOf<'tool_call.requested'>;
  /** A proxy or an enforcing emitter decided before the call was forwarded. */
  enforced: boolean;
  approvalIds: Set<string>;
}

interface SessionFacts {
  calls: Map<string, CallFacts>;
  approved: Set<string>;
}

const OUTCOMES = new Set<LedgerEvent['type']>(['tool_call.completed', 'tool_call.failed']);
const CALL_TYPES = ['tool_call.requested', 'policy.evaluated', 'approval.requested'];

/**
 * Post-hoc `policy_violation`: judges, under the configured policy, every call that ran
 * (has an outcome: completed or failed) without having been judged by whoever forwarded
 * it — no `policy.evaluated` with `enforced: true` for its call id. A `deny`, or a
 * `require_approval` with no approval granted for the call, is a finding; severity is
 * the policy's risk for the call.
 *
 * Judged at the outcome, not the request: the proxy records its own decision right after
 * the request, so by the outcome everything that decides is in the session. Facts come
 * from the batch and, for calls whose request was stored by an earlier batch, from the
 * `events` table (already written when analysers run). The finding id includes the
 * policy version: judging history under a new version raises new findings beside the
 * old ones instead of overwriting them.
 */
@Injectable()
export class PolicyViolationAnalyser {
  constructor(
    @Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase,
    @Optional() @Inject(LEDGER_POLICY) private readonly policy: Policy | null = null,
  ) {}

  get enabled(): boolean {
    return this.policy !== null && this.policy !== undefined;
  }

  async analyseAndStore(events: readonly LedgerEvent[]): Promise<void> {
    if (!this.enabled) return;
    await this.db.insert('findings', await this.analyse(events));
  }

  async analyse(events: readonly LedgerEvent[]): Promise<FindingRow[]> {
    const policy = this.policy;
    if (!policy) return [];
    const judged: LedgerEventOf<'tool_call.requested'>[] = [];
    for (const sessionEvents of groupBySession(events).values()) {
      const outcomes = sessionEvents.filter((e) => OUTCOMES.has(e.type));
      if (outcomes.length === 0) continue;
      const facts = collectFacts(sessionEvents);
      const callIds = [...new Set(outcomes.map((e) => (e.data as { call_id: string }).call_id))];
      const missing = callIds.filter((id) => !facts.calls.get(id)?.request);
      if (missing.length > 0) await this.addStoredFacts(sessionEvents[0]!, missing, facts);
      for (const id of callIds) {
        const call = facts.calls.get(id);
        if (!call?.request || call.enforced) continue;
        if ([...call.approvalIds].some((a) => facts.approved.has(a))) continue;
        judged.push(call.request);
      }
    }
    if (judged.length === 0) return [];
    const known = await definitionsOf(this.db, judged);
    const rows: FindingRow[] = [];
    for (const request of judged) {
      const tool = request.data['gen_ai.tool.name'];
      const args = request.data.arguments;
      const decision = evaluatePolicy(policy, {
        tenant: request.tenant,
        agent: request.source.agent,
        task: request.source.task?.id,
        server: request.source.server?.name ?? '',
        tool,
        arguments: args,
        annotations: definitionFor(known, request).annotations,
      });
      if (decision.decision === 'allow') continue;
      const server = request.source.server?.name ?? '';
      rows.push(
        callFinding(request, request.data.call_id, 'policy_violation', decision.risk, [decision.policyVersion], {
          summary:
            `${tool} call ${request.data.call_id} ran without enforcement; policy ${decision.policyVersion} ` +
            (decision.decision === 'deny' ? 'denies it' : 'requires approval, and none was granted') +
            `: ${decision.reason}`,
          evidence: {
            policy_version: decision.policyVersion,
            decision: decision.decision,
            matched_rules: decision.matchedRules,
            reason: decision.reason,
            risk: decision.risk,
            server,
            tool,
            ...(request.source.agent !== undefined ? { agent: request.source.agent } : {}),
            argument_names: Object.keys(args).sort(),
            violations: decision.violations.map((v) => ({ argument: v.argument, constraint: v.constraint })),
          },
        }),
      );
    }
    return rows;
  }

  /** Requests (and their decisions and approvals) stored by earlier batches. */
  private async addStoredFacts(first: LedgerEvent, callIds: string[], facts: SessionFacts): Promise<void> {
    const where = { tenant: first.tenant, session: first.session_id };
    const stored = await this.storedEvents(
      `type IN {types:Array(String)} AND JSONExtractString(payload, 'data', 'call_id') IN {calls:Array(String)}`,
      { ...where, types: CALL_TYPES, calls: callIds },
    );
    collectFacts(stored, facts);
    const approvals = [...new Set(callIds.flatMap((id) => [...(facts.calls.get(id)?.approvalIds ?? [])]))].filter((a) => !facts.approved.has(a));
    if (approvals.length > 0) {
      const decided = await this.storedEvents(
        `type = 'approval.decided' AND JSONExtractString(payload, 'data', 'approval_id') IN {approvals:Array(String)}`,
        { ...where, approvals },
      );
      collectFacts(decided, facts);
    }
  }

  private async storedEvents(condition: string, params: Record<string, unknown>): Promise<LedgerEvent[]> {
    const rows = await this.db.query<{ payload: string }>(
      `SELECT payload FROM events FINAL
       WHERE tenant = {tenant:String} AND session_id = {session:String} AND ${condition}
       ORDER BY seq`,
      params,
    );
    const events: LedgerEvent[] = [];
    for (const row of rows) {
      const parsed = parseLedgerEvent(JSON.parse(row.payload));
      if (parsed.ok) events.push(parsed.event);
    }
    return events;
  }
}

function collectFacts(events: readonly LedgerEvent[], facts: SessionFacts = { calls: new Map(), approved: new Set() }): SessionFacts {
  const call = (id: string) => {
    let entry = facts.calls.get(id);
    if (!entry) facts.calls.set(id, (entry = { enforced: false, approvalIds: new Set() }));
    return entry;
  };
  for (const event of events) {
    switch (event.type) {
      case 'tool_call.requested':
        call(event.data.call_id).request ??= event;
        break;
      case 'policy.evaluated':
        if (event.data.enforced) call(event.data.call_id).enforced = true;
        break;
      case 'approval.requested':
        call(event.data.call_id).approvalIds.add(event.data.approval_id);
        break;
      case 'approval.decided':
        if (event.data.decision === 'approved') facts.approved.add(event.data.approval_id);
        break;
      default:
        break;
    }
  }
  return facts;
}

function groupBySession(events: readonly LedgerEvent[]): Map<string, LedgerEvent[]> {
  const groups = new Map<string, LedgerEvent[]>();
  for (const event of events) {
    const key = `${event.tenant}\u0000${event.session_id}`;
    const group = groups.get(key) ?? [];
    group.push(event);
    groups.set(key, group);
  }
  for (const group of groups.values()) group.sort((a, b) => a.seq - b.seq);
  return groups;
}
