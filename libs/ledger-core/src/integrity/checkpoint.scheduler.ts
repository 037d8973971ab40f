import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CHECKPOINT_OPTIONS, CheckpointWriter, type CheckpointOptions } from './checkpoint.writer';

/**
 * Runs a checkpoint round every `intervalMs`, one at a time, and a last one when the app
 * stops (before the database closes), so a stopped store is covered up to its last
 * event. A failed round is retryable: it is logged and the next round tries again.
 */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CheckpointScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly writer: CheckpointWriter,
    @Inject(CHECKPOINT_OPTIONS) private readonly options: CheckpointOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.logger.log(`signing checkpoints with key ${this.options.key.keyId}${this.options.intervalMs > 0 ? ` every ${this.options.intervalMs} ms` : ' when stopping'}`);
    if (this.options.intervalMs > 0) {
      this.timer = setInterval(() => void this.round(), this.options.intervalMs);
      this.timer.unref();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.round();
  }

  /** One round unless one is already running (then that one's completion). */
  round(): Promise<void> {
    this.running ??= this.writer
      .writeCheckpoints()
      .then(
        () => undefined,
        (error: unknown) => this.logger.error(`checkpoint round failed, retrying next round: ${(error as Error).message}`),
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
