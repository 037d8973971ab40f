import { DynamicModule, Module } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { GraphqlApiModule } from '@mcp-ledger/graphql-api';
import { DatabaseModule, IngestModule } from '@mcp-ledger/ledger-core';
import type { LedgerConfig } from '../config/ledger.config';

/** The all-in-one ledger: ingest, projector and GraphQL API over one store. */
@Module({})
export class EmbeddedLedgerModule {
  static create(config: LedgerConfig, database: LedgerDatabase): DynamicModule {
    return {
      module: EmbeddedLedgerModule,
      imports: [
        DatabaseModule.forRoot({ instance: database }),
        IngestModule.forRoot({
          maxRequestBytes: config.LEDGER_MAX_REQUEST_BYTES,
          maxEventBytes: config.LEDGER_MAX_EVENT_BYTES,
        }),
        GraphqlApiModule.forRoot({ graphiql: config.LEDGER_ENV === 'development' }),
      ],
    };
  }
}
