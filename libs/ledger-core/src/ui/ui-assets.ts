import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The files of the provenance page and their content types. Only these are ever served:
 * a request names a key of this table or gets a 404, so no path from a URL reaches the
 * file system.
 */
export const UI_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'graph-view.js': 'text/javascript; charset=utf-8',
  'graph-layout.js': 'text/javascript; charset=utf-8',
  'queries.js': 'text/javascript; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
};

/** The page holds no data and loads nothing from elsewhere; data comes from /graphql with the user's token. */
export const UI_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/** Injection token of the loaded page files (`loadUiAssets`). */
export const UI_ASSETS = Symbol('UI_ASSETS');

export interface UiAsset {
  contentType: string;
  body: Buffer;
}

const UI_DIR = join('apps', 'ledger', 'ui');

/**
 * `apps/ledger/ui` of the repository or installed image, found by walking up from this
 * file, so it resolves from `src/` and from a compiled `dist/` tree (as the migrations do).
 */
export function defaultUiDir(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, UI_DIR);
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no ${UI_DIR}/index.html above ${start}: the provenance page is not installed`);
  }
}

/** Reads every page file once, at boot: a missing file fails the start, not a user's request. */
export function loadUiAssets(dir: string = defaultUiDir()): ReadonlyMap<string, UiAsset> {
  return new Map(Object.entries(UI_FILES).map(([name, contentType]) => [name, { contentType, body: readFileSync(join(dir, name)) }]));
}
