// @ts-check
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layers of DESIGN.md, enforced across the packages and the reference deployment: the
 * kernel knows no Firebase, no web framework and no token library; the Firestore adapter knows
 * no HTTP; the HTTP app knows no Firestore and no Cloud Functions; the aggregates are pure.
 * Only `create-functions.ts` knows the concrete adapters. No module imports itself back
 * through a cycle.
 */
const restrict = (files, patterns) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const firebase = ['firebase-admin', 'firebase-admin/*', 'firebase-functions', 'firebase-functions/*'];
const web = ['express', 'cors', 'jose', 'zod-openapi'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/lib/**',
      '**/dist/**',
      'functions/isolate/**',
      'scripts/firebase-tools/**',
      'scripts/toolchain/**',
      'web/src/api/schema.d.ts',
      'coverage/**',
      '.cache/**', // the benchmarks' work folders (a past commit's PWA, built by the browser group)
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      // The seed library ran handlers in forEach(async ...) and lost their failures.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-duplicates': 'error',
      // A file a newcomer reads in one sitting; a longer one says why in its opening comment.
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    // The scaffold's template has a tsconfig of its own, for the project it becomes (where the
    // packages come built); here it is type-checked by the root one, on the packages' sources.
    files: ['packages/create-firebase-event-store/template/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './tsconfig.json' } },
  },
  restrict(
    ['packages/kernel/src/**'],
    [{ group: [...firebase, ...web], message: 'The kernel knows no Firebase, web framework or token library.' }],
  ),
  restrict(
    ['packages/firestore/src/**'],
    [
      {
        group: ['firebase-functions', 'firebase-functions/*', ...web],
        message: 'The store adapter knows no HTTP and no Cloud Functions.',
      },
    ],
  ),
  restrict(
    ['packages/functions/src/http/**'],
    [
      {
        group: [...firebase, '@firebase-event-store/firestore'],
        message: 'The HTTP app knows no Firestore and no Cloud Functions: create-functions.ts wires them.',
      },
    ],
  ),
  restrict(
    ['packages/functions/src/triggers/**'],
    [
      {
        group: [...web, '@firebase-event-store/firestore'],
        message: 'Triggers are one-screen adapters over the reader.',
      },
    ],
  ),
  restrict(
    ['packages/testing/src/**'],
    [
      {
        group: ['@firebase-event-store/functions', '@firebase-event-store/functions/*'],
        message: 'The kit tests stores and aggregates, not the HTTP package.',
      },
    ],
  ),
  restrict(
    ['functions/src/aggregates/**', 'functions/src/projections/**'],
    [
      {
        group: [...firebase, ...web, 'node:*', '@firebase-event-store/firestore', '@firebase-event-store/functions'],
        message: 'Aggregates and projections are pure: the kernel and zod only.',
      },
    ],
  ),
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', 'bench/**/*.ts', 'packages/testing/src/**/*.ts'],
    // Tests read JSON response bodies, which are untyped by nature.
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);
