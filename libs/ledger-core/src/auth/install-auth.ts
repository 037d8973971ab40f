import type { INestApplication } from '@nestjs/common';
import type { Authenticator, RateLimiter } from '@mcp-ledger/auth';
import type { FastifyInstance } from 'fastify';
import type { AccessLogWriter } from './access-log.writer';
import type { ApiKeyStore } from './api-key.store';
import { ACCESS_LOG, API_KEY_STORE, AUTHENTICATOR, RATE_LIMITER } from './auth.tokens';
import { installAuthentication } from './authentication.hook';
import { ensureFirstAdminKey, type FirstAdminKey } from './first-admin-key';

/**
 * Puts authentication in front of every route of a Nest app built with AuthModule, and
 * makes sure a ledger with a key store has its first admin key. Call before `listen`.
 */
export async function secureApp(app: INestApplication, fastify: FastifyInstance, bootstrapToken?: string): Promise<FirstAdminKey | undefined> {
  installAuthentication(fastify, {
    authenticator: app.get<Authenticator>(AUTHENTICATOR),
    rateLimiter: app.get<RateLimiter>(RATE_LIMITER),
    accessLog: app.get<AccessLogWriter>(ACCESS_LOG),
  });
  const store = app.get<ApiKeyStore | null>(API_KEY_STORE);
  return store ? ensureFirstAdminKey(store, bootstrapToken) : undefined;
}
