import swc from 'unplugin-swc';
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
// @ts-expect-error plain ESM helper shared with the build script
import { swcOptions } from './scripts/swc-options.mjs';

const require = createRequire(import.meta.url);

/**
 * graphql ships both ESM and CJS builds. @nestjs/graphql requires the CJS one; without
 * this alias our own ESM-transformed code would get the other copy, and a scalar built
 * with one copy's classes is not recognised by the other ("dual package hazard").
 */
const resolve = {
  tsconfigPaths: true,
  alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
};

/** Not a secret: only test ledgers on loopback ever accept it. */
const TEST_ADMIN_TOKEN = 'mcp-ledger-test-admin-token-000000000000000000000000';

const swcPlugin = () => swc.vite({ ...swcOptions({ withPaths: false, module: 'es6' }), tsconfigFile: false });

export default defineConfig({
  resolve,
  test: {
    watch: false,
    // chdb crashes the process when a worker thread that loaded it exits: forks only.
    pool: 'forks',
    projects: [
      {
        plugins: [swcPlugin()],
        resolve,
        test: { name: 'unit', include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts'], pool: 'forks' },
      },
      {
        plugins: [swcPlugin()],
        resolve,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          globalSetup: ['test/support/global-setup.ts'],
          // Test ledgers start with this first admin key, and clients send it (test/support/auth.ts).
          env: { LEDGER_BOOTSTRAP_TOKEN: TEST_ADMIN_TOKEN, LEDGER_TOKEN: TEST_ADMIN_TOKEN },
        },
      },
    ],
  },
});
