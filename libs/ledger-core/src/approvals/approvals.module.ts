import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TOPICS } from '@mcp-ledger/events';
import type { KafkaConnectionOptions } from '@mcp-ledger/kafka';
import { EVENT_RECORDER } from '../ingest/event-recorder';
import { KafkaGatewayRecorder } from '../ingest/kafka-gateway.recorder';
import { RecordEventsHandler } from '../ingest/record-events.handler';
import { ApprovalsController } from './approvals.controller';
import { ApproveToolDefinitionHandler } from './approve-tool-definition.handler';
import { DecideApprovalHandler } from './decide-approval.handler';
import { DECISION_VISIBILITY, type DecisionVisibility } from './decision-visibility';

export interface ApprovalsKafkaOptions {
  /** The events topic's brokers: decisions are produced there like any ingested event. */
  kafka: KafkaConnectionOptions;
  /** How long a decision waits for a projector to make it visible (default: every 100 ms, up to 15 s). */
  visibility?: Pick<DecisionVisibility, 'pollMs' | 'timeoutMs'>;
}

/**
 * Approvals on the write side: the proxy's REST endpoints (`/v1/approvals`) and the
 * decision commands the GraphQL mutations dispatch. Needs DatabaseModule.
 *
 * - `ApprovalsModule` (the embedded ledger): decisions are written through the
 *   RecordEventsCommand of the store ingest (IngestModule), projected before it resolves.
 * - `ApprovalsModule.producingToKafka(…)` (the distributed API, which has no ingest):
 *   decisions are produced to the events topic (KafkaGatewayRecorder) and each command
 *   waits until a projector has written its decision to the read model.
 */
@Module({
  imports: [CqrsModule],
  controllers: [ApprovalsController],
  providers: [DecideApprovalHandler, ApproveToolDefinitionHandler],
})
export class ApprovalsModule {
  static producingToKafka(options: ApprovalsKafkaOptions): DynamicModule {
    const bootstrap = [options.kafka.bootstrap].flat().join(',');
    const visibility: DecisionVisibility = {
      pollMs: options.visibility?.pollMs ?? 100,
      timeoutMs: options.visibility?.timeoutMs ?? 15_000,
      recordedTo: `Kafka (topic ${TOPICS.events} at ${bootstrap})`,
    };
    return {
      module: ApprovalsModule,
      providers: [
        {
          provide: EVENT_RECORDER,
          // Fails the boot when no broker answers, as the ingest gateway does.
          useFactory: async () => {
            const recorder = new KafkaGatewayRecorder(options.kafka);
            await recorder.connect();
            return recorder;
          },
        },
        RecordEventsHandler,
        { provide: DECISION_VISIBILITY, useValue: visibility },
      ],
    };
  }
}
