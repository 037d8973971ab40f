import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { createLedgerDatabase, type LedgerDatabase, type LedgerDatabaseSettings } from '@mcp-ledger/clickhouse';

/** Injection token of the one `LedgerDatabase` of the process. */
export const LEDGER_DATABASE = Symbol('LEDGER_DATABASE');

class DatabaseLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(@Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    // chdb keeps files open (and :memory: leaks its temp dir) unless closed.
    await this.db.close();
    this.logger.log('ClickHouse connections closed');
  }
}

@Global()
@Module({})
export class DatabaseModule {
  /** Opens the database once for the whole app; pass an already open one in tests. */
  static forRoot(source: { settings: LedgerDatabaseSettings } | { instance: LedgerDatabase }): DynamicModule {
    const provider =
      'instance' in source
        ? { provide: LEDGER_DATABASE, useValue: source.instance }
        : { provide: LEDGER_DATABASE, useFactory: () => createLedgerDatabase(source.settings) };
    return {
      module: DatabaseModule,
      providers: [provider, DatabaseLifecycle],
      exports: [LEDGER_DATABASE],
    };
  }
}
