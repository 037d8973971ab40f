import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ExportController } from './export.controller';
import { EXPORT_OPTIONS, type ExportOptions } from './export-options';
import { ExportPageHandler } from './export-page.handler';

/** `GET /v1/export`: the tenant's events (and, as OCSF, findings) for SIEMs, page by page. Needs DatabaseModule. */
@Module({})
export class ExportModule {
  static forRoot(options: ExportOptions = {}): DynamicModule {
    return {
      module: ExportModule,
      imports: [CqrsModule],
      controllers: [ExportController],
      providers: [{ provide: EXPORT_OPTIONS, useValue: options }, ExportPageHandler],
    };
  }
}
