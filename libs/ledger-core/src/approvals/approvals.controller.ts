import { Controller, Get, HttpCode, HttpException, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AuthError } from '@mcp-ledger/auth';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { FastifyRequest } from 'fastify';
import { ledgerCaller, type LedgerCaller } from '../auth/ledger-caller';
import { LEDGER_DATABASE } from '../database/database.module';
import { ApprovalError } from './approval.error';
import { approvalStatus, findApproval, type ApprovalRecord } from './approvals.reader';
import { DecideApprovalCommand } from './decide-approval.command';
import { findDefinitionApproval } from './definition-approvals.reader';

/** What a proxy needs to release or refuse a held call (snake_case, like every REST body). */
export interface ApprovalAnswer {
  approval_id: string;
  status: 'PENDING' | 'APPROVED' | 'DENIED' | 'EXPIRED';
  call_hash: string;
  expires_at: string;
  decision?: { decision: string; call_hash: string; reviewer: string | null; comment: string | null; decided_at: string };
}

function answerOf(approval: ApprovalRecord): ApprovalAnswer {
  const answer: ApprovalAnswer = { approval_id: approval.approvalId, status: approvalStatus(approval), call_hash: approval.callHash, expires_at: approval.expiresAt };
  if (approval.decision) {
    const { decision, callHash, reviewer, comment, decidedAt } = approval.decision;
    answer.decision = { decision, call_hash: callHash, reviewer, comment, decided_at: decidedAt };
  }
  return answer;
}

function refusal(error: unknown): never {
  if (error instanceof AuthError) throw new HttpException(error.toBody(), error.status);
  if (!(error instanceof ApprovalError)) throw error;
  switch (error.code) {
    case 'not_found':
      throw new HttpException({ error: error.code, message: error.message }, 404);
    case 'already_decided':
    case 'expired':
      throw new HttpException({ error: error.code, message: error.message }, 409);
    case 'invalid':
      throw new HttpException({ error: error.code, message: error.message }, 400);
    case 'not_visible':
      // Recorded, not yet projected: the proxy treats it as a failure (the held call stays refused).
      throw new HttpException({ error: error.code, message: error.message }, 503);
  }
}

/**
 * `/v1/approvals` — the proxy's side of approvals (ingest permission, the proxy's token):
 * `GET /v1/approvals/:id` the decision on a held call; `POST /v1/approvals/:id/expire` the
 * proxy gave up waiting (recorded as `approval.decided: expired` by `system`, unless a
 * decision came first); `GET /v1/approvals/definitions?server&tool&hash` whether an admin
 * approved a tool definition. Every answer is about the caller's tenant only.
 */
@Controller('v1/approvals')
export class ApprovalsController {
  constructor(
    @Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase,
    private readonly commandBus: CommandBus,
  ) {}

  @Get('definitions')
  async definition(
    @Req() request: FastifyRequest,
    @Query('server') server: string | undefined,
    @Query('tool') tool: string | undefined,
    @Query('hash') hash: string | undefined,
  ): Promise<{ approved: boolean; reviewer?: string; approved_at?: string }> {
    const caller = this.caller(request);
    if (!server || !tool || !hash) refusal(new ApprovalError('invalid', 'give server, tool and hash'));
    const approval = await findDefinitionApproval(this.db, { tenant: caller.tenant, server, tool, definitionHash: hash });
    return approval ? { approved: true, reviewer: approval.reviewer, approved_at: approval.approvedAt } : { approved: false };
  }

  @Get(':id')
  async approval(@Req() request: FastifyRequest, @Param('id') id: string): Promise<ApprovalAnswer> {
    const caller = this.caller(request);
    const approval = await findApproval((sql, params) => this.db.query(sql, { ...params, tenant: caller.tenant }), id);
    if (!approval) refusal(new ApprovalError('not_found', `no approval ${JSON.stringify(id)} (yet) in tenant ${caller.tenant}`));
    return answerOf(approval);
  }

  @Post(':id/expire')
  @HttpCode(200)
  async expire(@Req() request: FastifyRequest, @Param('id') id: string): Promise<ApprovalAnswer> {
    const caller = this.caller(request);
    try {
      const decided = await this.commandBus.execute(new DecideApprovalCommand({ tenant: caller.tenant, approvalId: id, decision: 'expired', reviewer: { id: 'system' } }));
      return answerOf(decided);
    } catch (error) {
      return refusal(error);
    }
  }

  private caller(request: FastifyRequest): LedgerCaller {
    try {
      return ledgerCaller(request);
    } catch (error) {
      return refusal(error);
    }
  }
}
