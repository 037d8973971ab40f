import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Authenticator, createJwtVerifier, RateLimiter, type JwtSettings } from '@mcp-ledger/auth';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { LEDGER_DATABASE } from '../database/database.module';
import { AccessLogWriter } from './access-log.writer';
import { ApiKeyStore } from './api-key.store';
import { ACCESS_LOG, API_KEY_STORE, AUTHENTICATOR, RATE_LIMITER } from './auth.tokens';
import { StaticKeys } from './static-keys';
import { WhoamiController } from './whoami.controller';

export interface AuthModuleOptions {
  /** `database`: keys in the `api_keys` table (needs DatabaseModule); `static`: only the bootstrap token. */
  keys: 'database' | 'static';
  bootstrapToken?: string;
  jwt?: JwtSettings;
  rateLimitPerMinute: number;
}

class AccessLogLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ACCESS_LOG) private readonly accessLog: AccessLogWriter) {}

  async onApplicationShutdown(): Promise<void> {
    await this.accessLog.close();
  }
}

/** Authentication for every interface of the process; see installAuthentication. */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    const logger = new Logger(AuthModule.name);
    const settings = options.jwt;
    const jwt = settings
      ? createJwtVerifier(settings, {
          onKeysUnavailable: (reason) => logger.warn(`LEDGER_JWKS ${settings.jwks}: ${reason}; JWTs are answered 503 issuer_unavailable until it can be fetched`),
        })
      : undefined;
    const database = options.keys === 'database';
    const providers: Provider[] = [
      ...(database
        ? [{ provide: API_KEY_STORE, inject: [LEDGER_DATABASE], useFactory: (db: LedgerDatabase) => new ApiKeyStore(db) }]
        : [{ provide: API_KEY_STORE, useValue: null }]),
      {
        provide: AUTHENTICATOR,
        inject: [API_KEY_STORE],
        useFactory: (store: ApiKeyStore | null) => new Authenticator({ keys: store ?? new StaticKeys(options.bootstrapToken), jwt }),
      },
      { provide: RATE_LIMITER, useValue: new RateLimiter(options.rateLimitPerMinute) },
      {
        provide: ACCESS_LOG,
        inject: [{ token: LEDGER_DATABASE, optional: true }],
        useFactory: (db?: LedgerDatabase) => new AccessLogWriter(database ? db : undefined),
      },
      AccessLogLifecycle,
    ];
    return { module: AuthModule, controllers: [WhoamiController], providers, exports: [AUTHENTICATOR, RATE_LIMITER, ACCESS_LOG, API_KEY_STORE] };
  }
}

