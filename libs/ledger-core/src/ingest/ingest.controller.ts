import {
  BadRequestException,
  Body,
  Controller,
  Headers,
  HttpCode,
  Inject,
  Logger,
  ForbiddenException,
  Post,
  Req,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { mayAccessTenant } from '@mcp-ledger/auth';
import type { FastifyRequest } from 'fastify';
import { decodeIngestBody, isIngestMediaType } from './ingest-body.decoder';
import { INGEST_OPTIONS, INGEST_PATH, type IngestOptions } from './ingest-options';
import type { WriteResult } from './event-recorder';
import { RecordEventsCommand } from './record-events.command';

/**
 * `POST /v1/events` — a JSON array (or NDJSON) of event envelopes.
 * 202 `{ accepted, duplicates }` only after the batch is durably stored;
 * 400 `{ error: "invalid_batch", errors: [...] }` with one entry per bad item, nothing stored;
 * 503 `{ error: "storage_unavailable" }` when the store failed (retry later).
 * The answers are documented in docs/ingest.md.
 */
@Controller()
export class IngestController {
  private readonly logger = new Logger(IngestController.name);

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(INGEST_OPTIONS) private readonly options: IngestOptions,
  ) {}

  @Post(INGEST_PATH.slice(1))
  @HttpCode(202)
  async ingest(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<WriteResult> {
    if (typeof body !== 'string' || !isIngestMediaType(contentType)) {
      throw new UnsupportedMediaTypeException({
        error: 'unsupported_media_type',
        message: 'send application/json (an array of events) or application/x-ndjson (one event a line)',
      });
    }
    const decoded = decodeIngestBody(body, contentType, { maxEventBytes: this.options.maxEventBytes });
    if (!decoded.ok) {
      throw new BadRequestException({
        error: 'invalid_batch',
        message: `${decoded.errors.length} item(s) of the request are invalid; nothing was stored`,
        errors: decoded.errors,
      });
    }
    this.refuseForeignTenants(request, decoded.events.map((event) => event.tenant));
    try {
      return await this.commandBus.execute(new RecordEventsCommand(decoded.events));
    } catch (error) {
      this.logger.error(`could not store ${decoded.events.length} event(s): ${(error as Error).message}`);
      throw new ServiceUnavailableException({
        error: 'storage_unavailable',
        message: 'the events were not stored; retry the same request later (it is idempotent)',
      });
    }
  }

  /** A token writes only into the tenants it covers; the whole batch is refused otherwise. */
  private refuseForeignTenants(request: FastifyRequest, tenants: readonly string[]): void {
    const principal = request.ledgerAuth?.principal;
    const foreign = [...new Set(tenants)].filter((tenant) => !principal || !mayAccessTenant(principal, tenant));
    if (foreign.length === 0) return;
    if (request.ledgerAuth) request.ledgerAuth.errorCode = 'forbidden';
    throw new ForbiddenException({
      error: 'forbidden',
      message: `this token may not write events of tenant ${foreign.slice(0, 5).join(', ')}; nothing was stored`,
    });
  }
}
