import { Controller, DynamicModule, Get, Module, ServiceUnavailableException } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { ProjectorConfig } from '@mcp-ledger/config';
import { CheckpointModule, DatabaseModule, LedgerPolicyModule, type CheckpointKey } from '@mcp-ledger/ledger-core';
import type { Policy } from '@mcp-ledger/policy';
import { KafkaProjector, ProjectorModule, type ProjectorStatus } from '@mcp-ledger/projector';

@Controller()
class ProjectorHealthController {
  constructor(private readonly projector: KafkaProjector) {}

  /** 200 while the consumer runs, with its counters (batches, stored, dead-lettered, crashes). */
  @Get('healthz')
  health(): ProjectorStatus {
    const status = this.projector.status();
    if (!status.running) throw new ServiceUnavailableException({ status: 'stopped' });
    return status;
  }
}

@Module({})
export class ProjectorAppModule {
  /**
   * `policy`: the validated LEDGER_POLICY_FILE, judging calls from emitters that do not enforce;
   * `checkpointKey`: signs periodic checkpoints over the stored events (none without it).
   */
  static create(config: ProjectorConfig, database: LedgerDatabase, policy?: Policy, checkpointKey?: CheckpointKey): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        DatabaseModule.forRoot({ instance: database }),
        LedgerPolicyModule.forRoot(policy),
        ProjectorModule.forRoot({
          kafka: { bootstrap: config.LEDGER_KAFKA_BROKERS, clientId: config.LEDGER_KAFKA_CLIENT_ID },
          groupId: config.LEDGER_KAFKA_GROUP_ID,
          fromBeginning: config.LEDGER_KAFKA_FROM_BEGINNING,
          maxEventBytes: config.LEDGER_MAX_EVENT_BYTES,
          ocsfVersion: config.LEDGER_OCSF_VERSION,
        }),
        ...(checkpointKey ? [CheckpointModule.forRoot({ key: checkpointKey, intervalMs: config.LEDGER_CHECKPOINT_INTERVAL_MS })] : []),
      ],
      controllers: [ProjectorHealthController],
    };
  }
}
