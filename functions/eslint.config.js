// @ts-check
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * The layers of DESIGN.md, enforced: data flows request -> http -> application -> domain, and
 * adapters (store, triggers) plug into application ports. Only `composition.ts` knows the
 * concrete adapters; `index.ts` only exports the deployed functions.
 */
const layers = [
  { type: 'domain', pattern: 'src/domain' },
  { type: 'application', pattern: 'src/application' },
  { type: 'store', pattern: 'src/store' },
  { type: 'http', pattern: 'src/http' },
  { type: 'projections', pattern: 'src/projections' },
  { type: 'triggers', pattern: 'src/triggers' },
];
/** The files at the top of src/ are not layers: the rules for them are import patterns. */
const entryFiles = ['src/composition.ts', 'src/index.ts', 'src/catalog.ts', 'src/config.ts'];

const allow = (from, to) => ({
  from: { element: { type: from } },
  allow: { to: { element: { types: { anyOf: to } } } },
});

/** Domain code is pure: no Firebase, no web framework, no crypto or I/O from Node. */
const impure = [
  'firebase-admin',
  'firebase-admin/*',
  'firebase-functions',
  'firebase-functions/*',
  'express',
  'jose',
  'node:*',
];

export default tseslint.config(
  { ignores: ['lib/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // The seed library ran handlers in forEach(async ...) and lost their failures.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layers,
      'boundaries/include': ['src/**/*.ts'],
      'boundaries/ignore': entryFiles,
      'import/resolver': { typescript: true, node: true },
    },
    rules: {
      'boundaries/no-unknown-files': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            allow('domain', ['domain']),
            allow('application', ['domain', 'application']),
            allow('store', ['domain', 'application', 'store']),
            allow('http', ['domain', 'application', 'http']),
            allow('projections', ['domain', 'application', 'projections']),
            allow('triggers', ['domain', 'application', 'triggers']),
          ],
        },
      ],
    },
  },
  {
    files: ['src/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/composition.js', '**/index.js'], message: 'Layers never import the wiring.' }] },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: impure, message: 'The domain is pure.' },
            { group: ['**/composition.js', '**/index.js'], message: 'Layers never import the wiring.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['./domain/*', './application/*', './store/*'],
              message: 'index.ts only exports functions built in composition.ts, http/ and triggers/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', '../bench/**/*.ts'],
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
