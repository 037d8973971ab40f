import { Controller, Get, Inject, NotFoundException, Redirect, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UI_ASSETS, UI_HEADERS, type UiAsset } from './ui-assets';

export const UI_PATH = '/ui';

/**
 * `GET /ui/` — the provenance page (docs/provenance.md). Public in route-rules.ts: the
 * files hold no data; the page asks /graphql with the token the user types.
 */
@Controller()
export class UiController {
  constructor(@Inject(UI_ASSETS) private readonly assets: ReadonlyMap<string, UiAsset>) {}

  /** Relative asset URLs in the page need the trailing slash. */
  @Get('ui')
  @Redirect(`${UI_PATH}/`, 308)
  root(): void {
    return undefined;
  }

  /** `/ui/` is the page; `/ui/<name>` one of UI_FILES, looked up by the whole rest of the path. */
  @Get('ui/*')
  file(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    const rest = (request.params as Record<string, string | undefined>)['*'] ?? '';
    const asset = this.assets.get(rest === '' ? 'index.html' : rest);
    if (!asset) throw new NotFoundException({ error: 'not_found', message: 'no such file' });
    void reply.headers({ ...UI_HEADERS, 'content-type': asset.contentType });
    return asset.body;
  }
}
