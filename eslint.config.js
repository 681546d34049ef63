import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import boundaries from './eslint/import-boundaries.js';

// The layers of docs/ARCHITECTURE.md ("Layers"): each block says what a folder may not import.
const TOP = ['src/app.ts', 'src/server.ts', 'src/cli.ts'];
const featuresAndTop = {
  paths: ['src/features/**', ...TOP],
  message: 'db, i18n, crypto and web know no feature and not the app; pass what they need in.',
};
const config = {
  paths: ['src/config.ts'],
  message: 'i18n and db do not read the configuration; the caller passes the values in.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'test-results/', 'bench/results/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { dove: boundaries },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/web/**', 'src/crypto/**'],
    rules: { 'dove/import-boundaries': ['error', featuresAndTop] },
  },
  {
    files: ['src/i18n/**', 'src/db/**'],
    rules: { 'dove/import-boundaries': ['error', featuresAndTop, config] },
  },
  {
    // The Database type is assembled from each feature's table types: the one declared seam from
    // db to the features, and it carries types only.
    files: ['src/db/database.ts'],
    rules: {
      'dove/import-boundaries': [
        'error',
        { ...featuresAndTop, allowTypeImportsFrom: ['src/features/*/*.tables.ts'] },
        config,
      ],
    },
  },
  {
    files: ['src/features/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'dove/import-boundaries': [
        'error',
        { paths: TOP, message: 'features do not import the app or the entry points; shared types live below them.' },
      ],
    },
  },
);
