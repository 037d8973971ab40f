import { Controller, DynamicModule, Get, Inject, Module, ServiceUnavailableException } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { jwtSettings, type ApiConfig } from '@mcp-ledger/config';
import { GraphqlApiModule } from '@mcp-ledger/graphql-api';
import { ApprovalsModule, ExportModule, UiModule } from '@mcp-ledger/ledger-core';
import { AuthModule, DatabaseModule, IntegrityModule, LEDGER_DATABASE } from '@mcp-ledger/ledger-core';
import { LiveFeedModule } from './live-feed/live-feed.module';

@Controller()
class ApiHealthController {
  constructor(@Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase) {}

  @Get('healthz')
  async health(): Promise<{ status: 'ok' }> {
    if (!(await this.db.ping())) throw new ServiceUnavailableException({ status: 'unavailable', message: 'ClickHouse does not answer' });
    return { status: 'ok' };
  }
}

/**
 * The write side this API has: approval decisions, produced to the events topic, when it
 * is given Kafka brokers. Without them the API is read-only and the decision mutations say so.
 */
function approvalsWriteSide(config: ApiConfig): DynamicModule[] {
  if (config.LEDGER_KAFKA_BROKERS === undefined) return [];
  return [ApprovalsModule.producingToKafka({ kafka: { bootstrap: config.LEDGER_KAFKA_BROKERS, clientId: config.LEDGER_KAFKA_CLIENT_ID } })];
}

/**
 * GraphQL subscriptions, fed by this replica's tail of the OCSF topic, when the API is given
 * Kafka brokers. Without them the subscription resolvers have no notifier and refuse.
 */
function subscriptionsFeed(config: ApiConfig): DynamicModule[] {
  if (config.LEDGER_KAFKA_BROKERS === undefined) return [];
  return [LiveFeedModule.fromKafka({ kafka: { bootstrap: config.LEDGER_KAFKA_BROKERS, clientId: `${config.LEDGER_KAFKA_CLIENT_ID}-live` } })];
}

/**
 * The read side on its own (GraphQL, the SIEM export and the provenance page), for as many replicas as queries
 * need; with LEDGER_KAFKA_BROKERS also the approvals' write side (docs/approvals.md) and
 * the subscriptions' live feed (docs/distributed.md).
 */
@Module({})
export class ApiAppModule {
  static create(config: ApiConfig, database: LedgerDatabase): DynamicModule {
    return {
      module: ApiAppModule,
      imports: [
        DatabaseModule.forRoot({ instance: database }),
        AuthModule.forRoot({
          keys: 'database',
          bootstrapToken: config.LEDGER_BOOTSTRAP_TOKEN,
          jwt: jwtSettings(config),
          rateLimitPerMinute: config.LEDGER_RATE_LIMIT_PER_MINUTE,
        }),
        GraphqlApiModule.forRoot({ graphiql: config.LEDGER_ENV === 'development', maxQueryCost: config.LEDGER_GRAPHQL_MAX_COST }), IntegrityModule,
        ExportModule.forRoot(),
        // The provenance graph page, /ui/ (docs/provenance.md).
        UiModule.forRoot(),
        ...approvalsWriteSide(config),
        ...subscriptionsFeed(config),
      ],
      controllers: [ApiHealthController],
    };
  }
}
