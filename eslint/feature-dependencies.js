/**
 * Which features each feature may import from (docs/ARCHITECTURE.md, "Features and their
 * seams"). The rule `dove/feature-dependencies` fails an import from a feature that is not listed
 * here for the importing feature, so a new dependency between features is a decision made in
 * this file, in review, and not a side effect of an import. Tests are not held to it.
 *
 * Features not in the list import no other feature. Keep each list sorted and as short as the
 * code allows; test/lint/feature-dependencies.test.ts fails on an entry that no import uses.
 */
export const FEATURE_DEPENDENCIES = {
  accounts: ['admin', 'audit'],
  admin: ['accounts', 'audit', 'comments', 'content-types', 'contact', 'hrd-cases', 'mail', 'mailings', 'operations', 'subscribers'],
  audit: ['admin'],
  backup: ['audit', 'hrd-cases', 'media', 'operations', 'search'],
  comments: ['accounts', 'admin', 'audit', 'form-guard', 'mail'],
  contact: ['accounts', 'admin', 'audit', 'form-guard', 'mail', 'site'],
  discovery: ['content-types'],
  editor: [
    'accounts', 'admin', 'audit', 'content-types', 'events', 'gallery', 'media', 'media-library', 'news', 'operations',
    'organisations', 'pages', 'people', 'projects', 'publications', 'search', 'subscribers', 'topics', 'vacancies',
  ],
  events: ['content-types', 'discovery', 'media'],
  'form-guard': ['accounts', 'mail'],
  gallery: ['content-types', 'discovery', 'media'],
  'hrd-alerts': ['accounts', 'admin', 'audit', 'discovery', 'hrd-cases', 'hrd-vocabularies', 'mail', 'media', 'search', 'subscribers'],
  'hrd-cases': ['accounts', 'admin', 'audit', 'form-guard', 'hrd-fund', 'hrd-vocabularies', 'media'],
  'hrd-fund': ['admin', 'audit', 'hrd-cases'],
  'hrd-statistics': ['accounts', 'hrd-vocabularies'],
  'hrd-vocabularies': ['admin', 'audit', 'hrd-cases'],
  instance: [],
  mail: ['accounts', 'admin', 'audit', 'operations', 'site'],
  mailings: ['accounts', 'admin', 'audit', 'mail', 'subscribers'],
  media: [],
  mirror: [],
  'media-library': ['accounts', 'admin', 'audit', 'form-guard', 'media', 'search', 'site-settings'],
  'menus-admin': ['accounts', 'admin', 'audit', 'site-settings'],
  news: ['comments', 'content-types', 'discovery', 'media', 'topics'],
  operations: ['accounts', 'admin', 'audit'],
  organisations: ['media', 'pages', 'site'],
  pages: ['content-types'],
  people: ['media', 'pages', 'site'],
  projects: ['content-types', 'discovery', 'media'],
  publications: ['comments', 'content-types', 'discovery', 'media', 'topics'],
  redirects: ['accounts', 'admin', 'audit'],
  search: ['content-types', 'hrd-alerts', 'instance', 'media'],
  site: ['contact', 'discovery', 'events', 'media', 'news', 'organisations', 'pages', 'projects', 'publications', 'site-settings'],
  'site-settings': ['accounts', 'admin', 'audit', 'site'],
  subscribers: ['accounts', 'admin', 'audit', 'editor', 'form-guard', 'mail', 'site'],
  topics: ['content-types', 'media', 'news', 'publications'],
  vacancies: ['content-types', 'pages', 'site'],
  'wordpress-import': ['audit', 'content-types', 'editor', 'media', 'media-library', 'news', 'redirects', 'search'],
};

/**
 * Features that expose only some of their modules to the others: the admin frame (page, layout
 * and its messages) is what every admin page builds on; the dashboard behind it is nobody's
 * dependency.
 */
export const FEATURE_SEAMS = {
  admin: ['admin-page', 'admin-layout', 'admin.messages'],
};

/**
 * The features that still depend on themselves through others (one strongly connected group
 * today, held together mainly by the admin frame and dashboard, which import feature policies and
 * counts, and by the editor). test/lint/feature-dependencies.test.ts fails when a feature joins
 * the group, and when one leaves it without being taken off this list.
 */
export const FEATURES_IN_A_CYCLE = [
  'accounts', 'admin', 'audit', 'comments', 'contact', 'editor', 'form-guard', 'hrd-alerts', 'hrd-cases', 'hrd-fund',
  'hrd-vocabularies', 'mail', 'mailings', 'media-library', 'news', 'operations', 'organisations', 'people',
  'publications', 'search', 'site', 'site-settings', 'subscribers', 'topics', 'vacancies',
];
