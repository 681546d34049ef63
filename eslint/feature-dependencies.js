import fs from 'node:fs';
import path from 'node:path';

/**
 * Which features each feature may import from (docs/ARCHITECTURE.md, "Features and their
 * seams"). The rule `dove/feature-dependencies` fails an import from a feature that is not listed
 * here for the importing feature, so a new dependency between features is a decision made in
 * this file, in review, and not a side effect of an import. Tests are not held to it.
 *
 * Features not in the list import no other feature, except content-type features: a folder
 * that holds a content type's description (`<feature>/<feature>.type.ts`) may import what every
 * content type's pages use (CONTENT_TYPE_FEATURE_DEPENDENCIES) without a line here, and its line
 * here, if any, lists only what it adds. Keep each list sorted and as short as the code allows;
 * test/lint/feature-dependencies.test.ts fails on an entry that no import uses.
 */
export const FEATURE_DEPENDENCIES = {
  accounts: ['admin', 'audit'],
  audit: ['admin'],
  backup: ['audit', 'hrd-cases', 'media', 'operations', 'search'],
  comments: ['accounts', 'admin', 'audit', 'form-guard', 'mail'],
  contact: ['accounts', 'admin', 'audit', 'form-guard', 'mail', 'pages'],
  'content-types': ['media'],
  dashboard: ['admin', 'comments', 'contact', 'content-types', 'hrd-alerts', 'hrd-cases', 'mail', 'operations'],
  discovery: ['content-types', 'media'],
  editor: ['accounts', 'admin', 'audit', 'content-types', 'mail', 'media', 'media-library', 'operations', 'search', 'subscribers'],
  'form-guard': ['accounts', 'mail'],
  'hrd-alerts': ['accounts', 'admin', 'audit', 'discovery', 'hrd-cases', 'hrd-vocabularies', 'mail', 'media', 'subscribers'],
  'hrd-cases': ['accounts', 'admin', 'audit', 'form-guard', 'hrd-vocabularies', 'media'],
  'hrd-fund': ['admin', 'audit', 'hrd-cases'],
  'hrd-statistics': ['accounts', 'hrd-vocabularies'],
  'hrd-vocabularies': ['admin', 'audit'],
  'incident-reports': ['accounts', 'admin', 'audit', 'form-guard', 'hrd-cases', 'hrd-vocabularies', 'mail', 'media', 'media-library'],
  instance: [],
  mail: ['accounts', 'admin', 'audit', 'operations', 'site-settings'],
  mailings: ['accounts', 'admin', 'audit', 'content-types', 'editor', 'mail', 'subscribers'],
  media: [],
  mirror: ['media'],
  'media-library': ['accounts', 'admin', 'audit', 'form-guard', 'media', 'search', 'site-settings'],
  'menus-admin': ['accounts', 'admin', 'audit', 'site-settings'],
  news: ['comments', 'topic-labels'],
  operations: ['accounts', 'admin', 'audit'],
  publications: ['comments', 'topic-labels'],
  redirects: ['accounts', 'admin', 'audit'],
  search: ['content-types', 'hrd-alerts', 'instance', 'media', 'upr'],
  site: [
    'admin', 'audit', 'content-types', 'discovery', 'events', 'hrd-alerts', 'hrd-statistics', 'media', 'news', 'organisations', 'pages', 'projects', 'publications',
    'site-settings',
  ],
  'site-settings': ['accounts', 'admin', 'audit'],
  subscribers: ['accounts', 'admin', 'audit', 'form-guard', 'mail', 'site-settings'],
  topics: ['news', 'publications', 'topic-labels'],
  upr: ['admin', 'audit', 'discovery', 'hrd-statistics'],
  'wordpress-import': ['audit', 'content-types', 'editor', 'media', 'media-library', 'news', 'redirects', 'search'],
};

/**
 * What a content-type feature's public pages and description use: the registry and its
 * pipeline, feeds and JSON-LD, images, and the intro an editor's page gives a list. Not required:
 * a type imports whichever of them it needs (vacancies use no images), and a feature never
 * depends on itself (pages).
 */
export const CONTENT_TYPE_FEATURE_DEPENDENCIES = ['content-types', 'discovery', 'media', 'pages'];

/** A content type's description file, by name. */
const DESCRIPTION_FILE = /\.type\.tsx?$/;

/** Whether a feature folder holds a content type's description (read from the folder itself). */
export function holdsContentType(featureDir) {
  try {
    return fs.readdirSync(featureDir).some((name) => DESCRIPTION_FILE.test(name));
  } catch {
    return false;
  }
}

/**
 * The features a feature may import: its line in FEATURE_DEPENDENCIES, plus, for a content-type
 * feature (see holdsContentType), CONTENT_TYPE_FEATURE_DEPENDENCIES.
 */
export function dependenciesOf(feature, featuresDir, dependencies = FEATURE_DEPENDENCIES) {
  const declared = dependencies[feature] ?? [];
  if (!holdsContentType(path.join(featuresDir, feature))) return [...declared];
  return [...new Set([...CONTENT_TYPE_FEATURE_DEPENDENCIES.filter((other) => other !== feature), ...declared])].sort();
}

/**
 * The feature that holds the content-type registry. Each type's description
 * (`<feature>/<name>.type.ts`) counts as one of its modules: the registry collects them, and any
 * feature that declares the registry may read them (docs/ARCHITECTURE.md, "The registry").
 */
export const CONTENT_TYPE_REGISTRY = 'content-types';

/**
 * Features that expose only some of their modules to the others: the admin frame (page, layout,
 * its messages) is what every admin page builds on; anything else added to `admin` stays its own.
 */
export const FEATURE_SEAMS = {
  admin: ['admin-page', 'admin-layout', 'admin.messages', 'flash-notice'],
};

/**
 * The features that depend on themselves through others: none. A group that forms must be
 * listed here with its reason and way out; test/lint/feature-dependencies.test.ts fails when a
 * feature joins a group, and when one leaves without being taken off this list.
 */
export const FEATURES_IN_A_CYCLE = [];
