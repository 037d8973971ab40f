import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
// @ts-expect-error plain ESM helper shared with the build script
import { swcOptions } from './scripts/swc-options.mjs';

const swcPlugin = () => swc.vite({ ...swcOptions({ withPaths: false, module: 'es6' }), tsconfigFile: false });

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    watch: false,
    // chdb crashes the process when a worker thread that loaded it exits: forks only.
    pool: 'forks',
    projects: [
      {
        plugins: [swcPlugin()],
        resolve: { tsconfigPaths: true },
        test: { name: 'unit', include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts'], pool: 'forks' },
      },
      {
        plugins: [swcPlugin()],
        resolve: { tsconfigPaths: true },
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
