import { Optional } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Context, Resolver, Subscription } from '@nestjs/graphql';
import { LedgerNotifier, type RaisedFinding } from '@mcp-ledger/ledger-core';
import { ApiError } from '../common/api-errors';
import type { Caller } from '../common/caller';
import { ApprovalModel } from '../approvals/approval.model';
import { ListApprovalsQuery } from '../approvals/list-approvals.query';
import { FindingModel } from '../findings/finding.model';
import { noticeStream } from './notice-stream';

/** What a subscription resolver sees: the caller its connection authenticated as (onConnect). */
interface SubscriptionContext {
  caller?: Caller;
}

function callerOf(context: SubscriptionContext): Caller {
  if (!context.caller) throw new ApiError('UNAUTHENTICATED', 'subscriptions authenticate their connection_init payload');
  return context.caller;
}

function findingModel(finding: RaisedFinding): FindingModel {
  return {
    id: finding.findingId,
    kind: finding.kind,
    severity: finding.severity,
    summary: finding.summary,
    evidence: finding.evidence,
    raisedAt: new Date(finding.raisedAt),
    sessionId: finding.sessionId,
    callId: finding.callId,
    sortKey: '',
  };
}

/**
 * Live notices over graphql-ws, each scoped to the connection's tenant: a subscriber never
 * sees another tenant's findings or approvals. Fed by a LedgerNotifier: the embedded
 * ledger's writer, or the distributed API's tail of the OCSF topic (with
 * LEDGER_KAFKA_BROKERS). Where there is none, a subscription is refused rather than left silent.
 */
@Resolver()
export class SubscriptionsResolver {
  constructor(
    private readonly queryBus: QueryBus,
    @Optional() private readonly notifier?: LedgerNotifier,
  ) {}

  @Subscription(() => FindingModel, { description: "A finding raised in the caller's tenant.", resolve: (value: FindingModel) => value })
  findingRaised(@Context() context: SubscriptionContext): AsyncIterableIterator<FindingModel> {
    const caller = callerOf(context);
    const notifier = this.requireNotifier();
    return noticeStream<FindingModel>((push) => notifier.on('finding', (finding) => finding.tenant === caller.tenant && push(findingModel(finding))));
  }

  @Subscription(() => ApprovalModel, { description: "A call held for a reviewer in the caller's tenant (pending).", resolve: (value: ApprovalModel) => value })
  approvalRequested(@Context() context: SubscriptionContext): AsyncIterableIterator<ApprovalModel> {
    const caller = callerOf(context);
    const notifier = this.requireNotifier();
    return noticeStream<ApprovalModel>((push) =>
      notifier.on('approval', ({ tenant, approvalId }) => {
        if (tenant !== caller.tenant) return;
        void this.queryBus.execute(new ListApprovalsQuery(caller, {}, 1, { ids: [approvalId] })).then(([approval]) => approval && push(approval));
      }),
    );
  }

  private requireNotifier(): LedgerNotifier {
    if (!this.notifier) {
      throw new ApiError('BAD_USER_INPUT', 'this API serves no subscriptions: it has no live feed without LEDGER_KAFKA_BROKERS (it would tail the OCSF topic); poll the queries instead');
    }
    return this.notifier;
  }
}
