import { DynamicModule, Module } from '@nestjs/common';
import { UI_ASSETS, loadUiAssets } from './ui-assets';
import { UiController } from './ui.controller';

/**
 * `GET /ui/`: the provenance graph page, static files read once at boot. `dir` defaults
 * to `apps/ledger/ui` found above this file (the repository, or /app in the image).
 */
@Module({})
export class UiModule {
  static forRoot(options: { dir?: string } = {}): DynamicModule {
    return {
      module: UiModule,
      controllers: [UiController],
      providers: [{ provide: UI_ASSETS, useFactory: () => loadUiAssets(options.dir) }],
    };
  }
}
