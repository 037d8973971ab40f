import { DynamicModule, Module } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { GraphqlApiModule } from '@mcp-ledger/graphql-api';
import { jwtSettings } from '@mcp-ledger/config';
import { ApprovalsModule, AuthModule, DatabaseModule, IngestModule, LedgerNotifierModule, LedgerPolicyModule } from '@mcp-ledger/ledger-core';
import { ExportModule } from '@mcp-ledger/ledger-core';
import type { Policy } from '@mcp-ledger/policy';
import { CheckpointModule, IntegrityModule, UiModule, type CheckpointKey } from '@mcp-ledger/ledger-core';
import type { LedgerConfig } from '../config/ledger.config';

const ingestLimits = (config: LedgerConfig) => ({
  maxRequestBytes: config.LEDGER_MAX_REQUEST_BYTES,
  maxEventBytes: config.LEDGER_MAX_EVENT_BYTES,
});

const authOptions = (config: LedgerConfig) => ({
  bootstrapToken: config.LEDGER_BOOTSTRAP_TOKEN,
  jwt: jwtSettings(config),
  rateLimitPerMinute: config.LEDGER_RATE_LIMIT_PER_MINUTE,
});

/** The all-in-one ledger: ingest, projector and GraphQL API over one store. */
@Module({})
export class EmbeddedLedgerModule {
  /**
   * `policy`: the validated LEDGER_POLICY_FILE, judging calls from emitters that do not enforce;
   * `checkpointKey`: signs the periodic checkpoints (docs/integrity.md).
   */
  static create(config: LedgerConfig, database: LedgerDatabase, policy?: Policy, checkpointKey?: CheckpointKey): DynamicModule {
    return {
      module: EmbeddedLedgerModule,
      imports: [
        DatabaseModule.forRoot({ instance: database }),
        AuthModule.forRoot({ keys: 'database', ...authOptions(config) }),
        LedgerPolicyModule.forRoot(policy),
        IngestModule.forRoot({ ...ingestLimits(config), recordTo: { store: true } }),
        // Held calls and their decisions (needs the store ingest above); notices for subscriptions.
        LedgerNotifierModule,
        ApprovalsModule,
        GraphqlApiModule.forRoot({ graphiql: config.LEDGER_ENV === 'development', maxQueryCost: config.LEDGER_GRAPHQL_MAX_COST }),
        IntegrityModule,
        ExportModule.forRoot(),
        // The provenance graph page, /ui/ (docs/provenance.md).
        UiModule.forRoot(),
        ...(checkpointKey ? [CheckpointModule.forRoot({ key: checkpointKey, intervalMs: config.LEDGER_CHECKPOINT_INTERVAL_MS })] : []),
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
        // No key store here: the bootstrap token and JWTs (docs/security.md).
        AuthModule.forRoot({ keys: 'static', ...authOptions(config) }),
        IngestModule.forRoot({
          ...ingestLimits(config),
          recordTo: { kafka: { bootstrap: config.LEDGER_KAFKA_BROKERS, clientId: config.LEDGER_KAFKA_CLIENT_ID } },
        }),
      ],
    };
  }
}
