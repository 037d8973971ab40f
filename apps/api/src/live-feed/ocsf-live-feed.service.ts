import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TOPICS } from '@mcp-ledger/events';
import { LiveTailConsumer, type ConsumedMessage } from '@mcp-ledger/kafka';
import { LedgerNotifier } from '@mcp-ledger/ledger-core';
import { ocsfNotice, type OcsfNotice } from './ocsf-notice';
import { RecentIds } from './recent-ids';

export const LIVE_FEED_OPTIONS = Symbol('LIVE_FEED_OPTIONS');

export interface LiveFeedOptions {
  kafka: { bootstrap: string | readonly string[]; clientId: string };
  /** How many notices are remembered to drop a redelivered one. Default 10,000. */
  dedupeWindow?: number;
}

/** The group prefix of the API's tails; each replica appends a random suffix (docs/distributed.md). */
export const LIVE_FEED_GROUP_PREFIX = 'mcp-ledger-api-live';

/**
 * The distributed API's source of subscription notices: tails the OCSF topic the projectors
 * publish after each stored batch (from the latest offsets, a group per replica, nothing
 * committed) and hands each new finding and held call to the LedgerNotifier, as the
 * embedded writer does after a commit. A finding is read back from ClickHouse by its id in
 * the record's tenant; an approval is read by the subscription itself, as in embedded mode.
 * Redeliveries (the topic is at-least-once) are dropped within a bounded window of ids.
 */
@Injectable()
export class OcsfLiveFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OcsfLiveFeed.name);
  private readonly seen: RecentIds;
  private readonly tail: LiveTailConsumer;

  constructor(
    private readonly notifier: LedgerNotifier,
    @Inject(LIVE_FEED_OPTIONS) options: LiveFeedOptions,
  ) {
    this.seen = new RecentIds(options.dedupeWindow ?? 10_000);
    this.tail = new LiveTailConsumer({
      ...options.kafka,
      groupIdPrefix: LIVE_FEED_GROUP_PREFIX,
      topics: [TOPICS.ocsf],
      handler: (messages) => this.handle(messages),
    });
  }

  /** Before the API reports ready: a notice stored after that reaches its subscribers. Fails the boot when no broker answers. */
  async onApplicationBootstrap(): Promise<void> {
    await this.tail.start();
    this.logger.log(`subscriptions fed from ${TOPICS.ocsf} (group ${this.tail.groupId}, latest offsets)`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.tail.stop();
  }

  private async handle(messages: readonly ConsumedMessage[]): Promise<void> {
    for (const message of messages) {
      const read = ocsfNotice(message.value);
      if ('skip' in read) continue;
      try {
        await this.deliver(read.notice);
      } catch (error) {
        // A live feed has no replay: the notice is lost to current subscribers, the data is not (they can query it).
        this.logger.warn(`notice of ${read.notice.kind} ${read.notice.uid} (${message.topic}/${message.partition}@${message.offset}) not delivered: ${(error as Error).message}`);
      }
    }
  }

  private async deliver(notice: OcsfNotice): Promise<void> {
    const key = `${notice.kind}\u0000${notice.tenant}\u0000${notice.kind === 'finding' ? notice.findingId : notice.approvalId}`;
    if (this.seen.has(key) || !this.notifier.listensTo(notice.kind)) return;
    // Claimed before the read below: a copy of this notice handled meanwhile is dropped, not published twice.
    this.seen.remember(key);
    try {
      if (notice.kind === 'approval') {
        this.notifier.publish('approval', { tenant: notice.tenant, approvalId: notice.approvalId });
      } else {
        // The projector publishes after its insert returned, so the row is there unless the tenant has no such finding.
        const finding = await this.notifier.findingById(notice.tenant, notice.findingId);
        if (!finding) throw new Error(`tenant ${notice.tenant} has no finding ${notice.findingId}`);
        this.notifier.publish('finding', finding);
      }
    } catch (error) {
      this.seen.forget(key); // a redelivery may still succeed
      throw error;
    }
  }
}
