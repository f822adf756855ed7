// ESLint (flat config) with typescript-eslint's type-checked rules for the server, shared types, tests, the
// benchmark and the SPA. `npm run lint`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  // admin-ui/build/precompress.ts (a build step run by node on dist/) is in no tsconfig, like vite.config.ts: the
  // type-checked rules cannot load it.
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test/.logs/**', 'test/browser/artifacts/**', '**/*.mjs', '**/*.js', 'admin-ui/vite.config.ts', 'admin-ui/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: false, project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test runs describe/it/before/after itself and reports their failures
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'before', 'after', 'beforeEach', 'afterEach', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      // `_name` marks an argument or binding that is deliberately unused
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The specs read answers as the API sends them: supertest's `res.body` (and JSON from a raw socket or a child
    // process) is `any` by its library's typing, and asserting on it is what a test does; giving every answer a static
    // type would restate the server's DTOs in the tests and make them agree by construction. So the any-family
    // rules are off for test files only; `no-explicit-any` stays on (a test declares no `any` of its own).
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // server/src/openapi.ts edits the generated OpenAPI document as plain JSON (schemas, operations and responses of
    // any shape, nested to any depth, plus class-validator's untyped metadata store), and the two specs that walk the
    // served document (test/openapi, test/fuzz) read it the same way. There is no static type to narrow that tree
    // to, so `any` is its medium by design; the any-family rules are off for these files only (Spectral,
    // `npm run lint:openapi`, checks the document itself).
    files: ['server/src/openapi.ts', 'test/openapi.e2e-spec.ts', 'test/fuzz.e2e-spec.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['admin-ui/**/*.ts', 'admin-ui/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { project: ['./admin-ui/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
);
