import { type DynamicModule, Module } from '@nestjs/common';
import { LedgerNotifierModule } from '@mcp-ledger/ledger-core';
import { LIVE_FEED_OPTIONS, OcsfLiveFeed, type LiveFeedOptions } from './ocsf-live-feed.service';

/**
 * GraphQL subscriptions for the distributed API: the LedgerNotifier the resolvers listen
 * to, fed by a tail of the OCSF topic. Needs DatabaseModule (findings are read back).
 */
@Module({})
export class LiveFeedModule {
  static fromKafka(options: LiveFeedOptions): DynamicModule {
    return {
      module: LiveFeedModule,
      imports: [LedgerNotifierModule],
      providers: [{ provide: LIVE_FEED_OPTIONS, useValue: options }, OcsfLiveFeed],
    };
  }
}
