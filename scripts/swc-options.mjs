// One place for the SWC settings used by the build (scripts/build.mjs) and by vitest.
// NestJS and @nestjs/graphql need legacy decorators *with* design-time metadata, which
// neither esbuild nor vitest's default transform emits (see ADR 0002).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const tsconfig = JSON.parse(readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));

/** Path aliases (`@mcp-ledger/*`) taken from tsconfig.base.json so they are declared once. */
export const pathAliases = tsconfig.compilerOptions.paths;

/** @returns {import('@swc/core').Options} */
export function swcOptions({ withPaths = true, module = 'commonjs' } = {}) {
  return {
    swcrc: false,
    sourceMaps: true,
    module: { type: module },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      ...(withPaths ? { baseUrl: workspaceRoot, paths: pathAliases } : {}),
    },
  };
}
