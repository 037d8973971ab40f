import { BadRequestException, Controller, Get, Logger, Query, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { exportCaller } from './export-caller';
import { encodeCursor } from './export-cursor';
import { parseExportParams } from './export-params';
import { ExportPageQuery, type ExportPage } from './export-page.query';

export const EXPORT_PATH = '/v1/export';
export const NEXT_CURSOR_HEADER = 'x-ledger-next-cursor';
export const HAS_MORE_HEADER = 'x-ledger-has-more';

/**
 * `GET /v1/export?format=ndjson|ocsf&ocsf_version=1.8.0|1.9.0-dev&since=ISO&cursor=C&limit=N`
 * — one page of the caller's tenant as `application/x-ndjson`: every line a whole record (a
 * stored event envelope, or an OCSF record). `x-ledger-next-cursor` resumes after the page;
 * `x-ledger-has-more: true` says to ask again now. 400 `{ error: "invalid_export_request" }`
 * for bad parameters.
 * Documented in docs/siem.md.
 */
@Controller()
export class ExportController {
  private readonly logger = new Logger(ExportController.name);

  constructor(private readonly queryBus: QueryBus) {}

  @Get(EXPORT_PATH.slice(1))
  async export(
    @Req() request: FastifyRequest,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const caller = exportCaller(request);
    const parsed = parseExportParams(query);
    if (!parsed.ok) throw new BadRequestException({ error: 'invalid_export_request', message: parsed.message });
    let page: ExportPage;
    try {
      page = await this.queryBus.execute(new ExportPageQuery(caller.tenant, parsed.params));
    } catch (error) {
      this.logger.error(`export page for tenant ${caller.tenant} failed: ${(error as Error).message}`);
      throw new ServiceUnavailableException({ error: 'storage_unavailable', message: 'the export could not be read; retry with the same cursor' });
    }
    reply.header('content-type', 'application/x-ndjson; charset=utf-8');
    reply.header('cache-control', 'no-store');
    reply.header(NEXT_CURSOR_HEADER, encodeCursor(page.next));
    reply.header(HAS_MORE_HEADER, String(page.hasMore));
    return page.lines.length === 0 ? '' : `${page.lines.join('\n')}\n`;
  }
}
