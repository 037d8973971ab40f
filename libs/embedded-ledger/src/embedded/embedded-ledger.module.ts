import { DynamicModule, Module } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { GraphqlApiModule } from '@mcp-ledger/graphql-api';
import { DatabaseModule, IngestModule, LedgerPolicyModule } from '@mcp-ledger/ledger-core';
import type { Policy } from '@mcp-ledger/policy';
import type { LedgerConfig } from '../config/ledger.config';

const ingestLimits = (config: LedgerConfig) => ({
  maxRequestBytes: config.LEDGER_MAX_REQUEST_BYTES,
  maxEventBytes: config.LEDGER_MAX_EVENT_BYTES,
});

/** The all-in-one ledger: ingest, projector and GraphQL API over one store. */
@Module({})
export class EmbeddedLedgerModule {
  /** `policy`: the validated LEDGER_POLICY_FILE, judging calls from emitters that do not enforce. */
  static create(config: LedgerConfig, database: LedgerDatabase, policy?: Policy): DynamicModule {
    return {
      module: EmbeddedLedgerModule,
      imports: [
        DatabaseModule.forRoot({ instance: database }),
        LedgerPolicyModule.forRoot(policy),
        IngestModule.forRoot({ ...ingestLimits(config), recordTo: { store: true } }),
        GraphqlApiModule.forRoot({ graphiql: config.LEDGER_ENV === 'development' }),
      ],
    };
  }
}

/** Gateway mode: the HTTP ingest alone, validating and producing to Kafka. */
@Module({})
export class IngestGatewayModule {
  static create(config: LedgerConfig & { LEDGER_KAFKA_BROKERS: string[] }): DynamicModule {
    return {
      module: IngestGatewayModule,
      imports: [
        IngestModule.forRoot({
          ...ingestLimits(config),
          recordTo: { kafka: { bootstrap: config.LEDGER_KAFKA_BROKERS, clientId: config.LEDGER_KAFKA_CLIENT_ID } },
        }),
      ],
    };
  }
}
