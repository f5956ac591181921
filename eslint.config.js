// Lint: type-aware typescript-eslint, floating promises are errors, and workflows/ stays
// deterministic — it may not import Node built-ins or libraries with side effects.
import js from '@eslint/js';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Every Node built-in, bare and with the node: prefix.
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

// The service folders (one process each): a service talks to another over NATS or Temporal, never by
// importing its code; and only the processes that run a Temporal worker run activities: the worker
// (the request and repair-work workflows) and reporting (its scheduled report runs, on its own task queue).
const runsActivities = new Set(['worker', 'reporting']);
const services = fs
  .readdirSync(new URL('./services/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const serviceBoundaries = services.map((name) => ({
  files: [`services/${name}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...services
            .filter((other) => other !== name)
            .map((other) => ({ group: [`../${other}/**`, `../../${other}/**`, `**/services/${other}/**`], message: `services/${name} may not import services/${other}: talk over NATS or Temporal, or move shared code to domain/, contracts/, data/ or platform/` })),
          ...(runsActivities.has(name) ? [] : [{ group: ['**/activities/**', '**/activities'], message: 'only the worker and reporting run activities; share the code through domain/, data/ or platform/' }]),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/**', '.stack/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Activities and handlers are async by contract even when their body is synchronous.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read untyped HTTP bodies (supertest) and assert on them with chai.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  ...serviceBoundaries,
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts', 'contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...[...new Set(nodeBuiltins.flatMap((m) => [m, `node:${m}`]))].map((name) => ({ name, message: 'workflow code must be deterministic: no Node built-ins' })),
            { name: 'mongoose', message: 'workflows reach MongoDB only through activities' },
            { name: 'winston', message: 'workflows log through the SDK (log from @temporalio/workflow)' },
            { name: '@temporalio/client', message: 'workflows may not use the client' },
            { name: '@temporalio/activity', message: 'activity code does not run in workflows' },
            { name: '@temporalio/worker', message: 'worker code does not run in workflows' },
          ],
          patterns: [
            { group: ['node:*'], message: 'workflow code must be deterministic: no Node built-ins' },
            { group: ['nats', '@nats-io/*'], message: 'workflows reach NATS only through activities' },
            { group: ['**/platform/**', '**/services/**'], message: 'workflows import only pure code (domain/, contracts/) and activity types' },
          ],
        },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[source.value=/activities/]:not([importKind='type'])", message: 'import activities with `import type` only' },
      ],
    },
  },
);
