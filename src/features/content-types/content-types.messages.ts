import type { Locale } from '../../i18n/locales.js';
import { contentTypes, type ContentTypeKey } from './content-types.js';

// Each type's two labels per locale are in its description (`<feature>/<feature>.type.ts`).

/** The name of one item of the type, in `locale` (the dashboard's lists). */
export function typeLabel(key: ContentTypeKey, locale: Locale): string {
  return contentTypes[key].labels[locale].one;
}

/** The name of the type's section, in `locale` (the admin menu). */
export function typeSectionLabel(key: ContentTypeKey, locale: Locale): string {
  return contentTypes[key].labels[locale].many;
}
