import { DynamicModule, Module } from '@nestjs/common';
import { CheckpointScheduler } from './checkpoint.scheduler';
import { CHECKPOINT_OPTIONS, CheckpointWriter, type CheckpointOptions } from './checkpoint.writer';

/** Periodic signed checkpoints over the event store (embedded ledger, projector). Needs DatabaseModule. */
@Module({})
export class CheckpointModule {
  static forRoot(options: CheckpointOptions): DynamicModule {
    return {
      module: CheckpointModule,
      providers: [{ provide: CHECKPOINT_OPTIONS, useValue: options }, CheckpointWriter, CheckpointScheduler],
      exports: [CheckpointWriter],
    };
  }
}
