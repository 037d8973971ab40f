import { AuthError, requirePermission, type Authenticator, type RateLimiter } from '@mcp-ledger/auth';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessLogWriter } from './access-log.writer';
import { ledgerCaller, requestedTenant } from './ledger-caller';
import { ruleFor } from './route-rules';

export interface AuthenticationDeps {
  authenticator: Authenticator;
  rateLimiter: RateLimiter;
  accessLog: AccessLogWriter;
}

function sendRefusal(reply: FastifyReply, graphql: boolean, error: AuthError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
  if (error.status === 401) void reply.header('www-authenticate', `Bearer error="${error.code === 'unauthenticated' ? 'invalid_request' : 'invalid_token'}"`);
  const body = graphql
    ? { data: null, errors: [{ message: error.message, extensions: { code: error.graphqlCode, reason: error.code } }] }
    : error.toBody();
  return reply.code(error.status).header('content-type', 'application/json; charset=utf-8').send(body);
}

function accessLogTenant(request: FastifyRequest): string {
  if (request.ledgerAuth?.tenant) return request.ledgerAuth.tenant;
  try {
    const asked = requestedTenant(request.headers);
    if (asked) return asked;
  } catch {
    return '(invalid)';
  }
  const [only, ...others] = request.ledgerAuth?.principal?.tenants ?? [];
  return only !== undefined && only !== '*' && others.length === 0 ? only : 'default';
}

function graphqlDetails(request: FastifyRequest): { operation: string; query: string; variables: unknown } {
  const body = (request.body ?? {}) as { query?: unknown; operationName?: unknown; variables?: unknown };
  const query = typeof body.query === 'string' ? body.query : '';
  const named = /^\s*(query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(query);
  const operation = typeof body.operationName === 'string' ? body.operationName : named ? `${named[1]} ${named[2]}` : query ? 'anonymous' : '';
  return { operation, query, variables: body.variables };
}

/**
 * The one door of the HTTP server: every request is authenticated and checked against
 * its route's permission before any handler runs or any body is read (route-rules.ts),
 * and reads are written to the access log when answered.
 */
export function installAuthentication(fastify: FastifyInstance, deps: AuthenticationDeps): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const rule = ruleFor(request.url);
    request.ledgerAuth = { rule, startedAt: performance.now() };
    if (rule.permission === 'public') return;
    // graphql-ws cannot send headers from a browser: subscriptions authenticate their connection_init payload.
    if (rule.interface === 'graphql' && request.headers.upgrade?.toLowerCase() === 'websocket') return;
    try {
      const principal = await deps.authenticator.authenticate(request.headers.authorization);
      request.ledgerAuth.principal = principal;
      if (rule.permission !== 'authenticated') requirePermission(principal, rule.permission);
      if (rule.rateLimited) deps.rateLimiter.take(principal.tokenId);
      // The tenant is settled here, once: a tenant the token does not cover is refused before any handler runs.
      // Ingest checks each event's own tenant instead.
      if (rule.interface !== 'ingest' && rule.interface !== 'whoami') ledgerCaller(request);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      request.ledgerAuth.errorCode = error.code;
      return sendRefusal(reply, rule.interface === 'graphql', error);
    }
  });

  fastify.addHook('onResponse', async (request, reply) => {
    const rule = request.ledgerAuth?.rule ?? ruleFor(request.url);
    const refused = request.ledgerAuth?.errorCode !== undefined;
    if (rule.log === 'none' || (rule.log === 'refusals' && !refused)) return;
    const principal = request.ledgerAuth?.principal;
    const details = rule.interface === 'graphql' ? graphqlDetails(request) : { operation: '', query: '', variables: undefined };
    deps.accessLog.record({
      tenant: accessLogTenant(request),
      subject: principal?.subject ?? 'anonymous',
      tokenId: principal?.tokenId ?? '',
      roles: principal?.roles ?? [],
      interface: rule.interface,
      method: request.method,
      path: request.url,
      ...details,
      status: reply.statusCode,
      errorCode: request.ledgerAuth?.errorCode ?? '',
      durationMs: performance.now() - (request.ledgerAuth?.startedAt ?? performance.now()),
      clientIp: request.ip,
    });
  });
}
