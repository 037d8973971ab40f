import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { EVENT_RECORDER, type EventRecorder } from '../ingest/event-recorder';

/** `GET /healthz`: 200 once events can be accepted. The app only listens after migrations ran. */
@Controller()
export class HealthController {
  constructor(@Inject(EVENT_RECORDER) private readonly recorder: EventRecorder) {}

  @Get('healthz')
  async health(): Promise<{ status: 'ok'; store: string }> {
    const { ok, target } = await this.recorder.health();
    if (!ok) throw new ServiceUnavailableException({ status: 'unavailable', message: `${target} does not answer` });
    return { status: 'ok', store: target };
  }
}
