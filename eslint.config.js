import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { importBoundaries } from './eslint/import-boundaries.js';
import { featureDependencies } from './eslint/feature-boundaries.js';
import { CONTENT_TYPE_FEATURE_DEPENDENCIES, CONTENT_TYPE_REGISTRY, FEATURE_DEPENDENCIES, FEATURE_SEAMS } from './eslint/feature-dependencies.js';
import { queriesInRepositories } from './eslint/query-placement.js';
import { importCycles } from './eslint/import-cycles.js';

// Routes, views and presenters: the handler calls repositories, views and presenters do no I/O.
const HANDLERS_AND_VIEWS = ['**/*.routes.ts', '**/*.routes.tsx', '**/*.views.tsx', '**/*-page.tsx', '**/*.view.tsx', '**/*.presenter.ts'];

// Where queries may be built: repositories, the database layer (connection, migrations) and the
// seed, a data loader of its own (docs/ARCHITECTURE.md, "Queries"). Tests query to check results.
const QUERY_HOMES = ['src/**/*.repository.ts', 'src/db/**', 'src/seed/**', '**/*.test.ts', '**/*.test.tsx'];

// The layers of docs/ARCHITECTURE.md ("Layers"): each block says what a folder may not import.
const TOP = ['src/app.ts', 'src/server.ts', 'src/cli.ts'];
const featuresAndTop = {
  paths: ['src/features/**', 'src/seed/**', ...TOP],
  message: 'db, i18n, crypto, storage and web know no feature, the seed or the app; pass what they need in.',
};
const featureToTop = {
  paths: TOP,
  message: 'features do not import the app or the entry points; shared types live below them.',
};
const seed = {
  paths: ['src/seed/**'],
  message: 'features do not import the seed: it loads data through its own queries and is run by the entry points.',
};
const kysely = {
  packages: ['kysely'],
  allowTypeImports: true,
  message: 'routes, views and presenters build no queries; call a repository function.',
};
// Import circles of files still to be untangled, each with its reason (eslint/import-cycles.js).
export const CIRCLES_TO_UNTANGLE = [];
const config = {
  paths: ['src/config.ts'],
  message: 'i18n, db and storage do not read the configuration; the caller passes the values in.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'test-results/', 'bench/results/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: {
      dove: {
        rules: {
          'import-boundaries': importBoundaries,
          'queries-in-repositories': queriesInRepositories,
          'feature-dependencies': featureDependencies,
          'import-cycles': importCycles,
        },
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // A feature adds its tables to `Database` with `interface Database extends XTables {}` (src/db/database.ts).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/web/**', 'src/crypto/**'],
    rules: { 'dove/import-boundaries': ['error', featuresAndTop] },
  },
  {
    files: ['src/i18n/**', 'src/db/**', 'src/storage/**'],
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
        featureToTop,
        seed,
      ],
    },
  },
  {
    files: HANDLERS_AND_VIEWS.map((f) => `src/features/${f}`),
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'dove/import-boundaries': [
        'error',
        featureToTop,
        seed,
        kysely,
      ],
    },
  },
  {
    files: HANDLERS_AND_VIEWS.map((f) => `src/web/${f}`),
    rules: { 'dove/import-boundaries': ['error', featuresAndTop, kysely] },
  },
  {
    files: ['src/features/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'dove/feature-dependencies': [
        'error',
        { dependencies: FEATURE_DEPENDENCIES, contentTypeDependencies: CONTENT_TYPE_FEATURE_DEPENDENCIES, seams: FEATURE_SEAMS, registry: CONTENT_TYPE_REGISTRY },
      ],
    },
  },
  {
    files: ['src/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'dove/import-cycles': ['error', { exceptions: CIRCLES_TO_UNTANGLE }] },
  },
  {
    files: ['src/**'],
    ignores: QUERY_HOMES,
    rules: { 'dove/queries-in-repositories': 'error' },
  },
  {
    // Routes, views and presenters call repositories, with a message that says so.
    files: HANDLERS_AND_VIEWS.map((f) => `src/${f}`),
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'dove/queries-in-repositories': ['error', { message: 'routes, views and presenters build no queries; call a repository function.' }],
    },
  },
);
