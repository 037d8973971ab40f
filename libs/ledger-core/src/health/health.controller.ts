import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { LEDGER_DATABASE } from '../database/database.module';

/** `GET /healthz`: 200 once the store answers. The app only listens after migrations ran. */
@Controller()
export class HealthController {
  constructor(@Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase) {}

  @Get('healthz')
  async health(): Promise<{ status: 'ok'; store: string }> {
    if (!(await this.db.ping())) {
      throw new ServiceUnavailableException({ status: 'unavailable', message: 'the ClickHouse store does not answer' });
    }
    return { status: 'ok', store: this.db.describe() };
  }
}
