import nx from '@nx/eslint-plugin';

/**
 * Dependency direction is enforced here, by the build, not by review (STYLE.md habit 1).
 *   type:pure     events, projections (later provenance, policy, siem): no I/O libraries
 *   type:io       emitter, clickhouse (later kafka): adapters to the outside world
 *   type:feature  NestJS modules shared by apps (ingest pipeline, GraphQL read side)
 *   type:app      thin wiring: CLI, embedded ledger (later projector, api)
 *   type:test / type:bench  may use anything but each other
 */
const depConstraints = [
  { sourceTag: 'type:pure', onlyDependOnLibsWithTags: ['type:pure'] },
  { sourceTag: 'type:io', onlyDependOnLibsWithTags: ['type:pure', 'type:io'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:pure', 'type:io', 'type:feature'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:pure', 'type:io', 'type:feature'] },
  { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:pure', 'type:io', 'type:feature', 'type:app'] },
  { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:pure', 'type:io', 'type:feature', 'type:app'] },
];

/** Third-party packages that only one adapter library may import. */
const restricted = (packages, owner) =>
  packages.map((name) => ({ name, message: `Only ${owner} may import ${name}; use its exports instead.` }));
const restrictedPatterns = (patterns, owner) =>
  patterns.map((group) => ({ group: [group], message: `Only ${owner} may import ${group}.` }));

const IO_PACKAGES = ['@clickhouse/client', 'chdb', 'kafkajs', 'fastify', 'undici'];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/*.mjs', '**/*.js'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints, banTransitiveDependencies: false },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // Tests may assert on what they just checked; libraries should narrow instead.
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Everything except the owning adapters: no direct ClickHouse or Kafka client.
    files: ['**/*.ts'],
    ignores: ['libs/clickhouse/**', 'libs/kafka/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...restricted(['@clickhouse/client', 'chdb'], 'libs/clickhouse'),
            ...restricted(['kafkajs'], 'libs/kafka'),
          ],
          patterns: restrictedPatterns(['chdb/*', '@clickhouse/*'], 'libs/clickhouse'),
        },
      ],
    },
  },
  {
    // Pure libraries: no I/O at all, and no MCP SDK.
    files: [
      'libs/events/**/*.ts',
      'libs/projections/**/*.ts',
      'libs/provenance/**/*.ts',
      'libs/importers/**/*.ts',
      'libs/inventory/**/*.ts',
      'libs/policy/**/*.ts',
      'libs/detections/**/*.ts',
      'libs/redaction/**/*.ts',
      'libs/config/**/*.ts',
      'libs/ocsf/**/*.ts',
    ],
    // Specs may read fixtures from disk; the library code may not.
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...IO_PACKAGES.map((name) => ({ name, message: 'Pure libraries import no I/O package.' })),
            ...['node:fs', 'fs', 'node:net', 'net', 'node:http', 'http', 'node:child_process', 'child_process'].map(
              (name) => ({ name, message: 'Pure libraries do no I/O.' }),
            ),
          ],
          patterns: [{ group: ['@modelcontextprotocol/*'], message: 'Only the emitter imports the MCP SDK.' }],
        },
      ],
    },
  },
];
