import type { Locale, SourceLocale } from './locales.js';

type Message = string | ((...args: never[]) => string);

/** Another language's catalogue: every key of the source catalogue, with the same shape. */
export type CatalogueOf<T extends Record<string, Message>> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};

/**
 * One catalogue per supported locale, each with every key of the source locale's: a locale
 * added to `SUPPORTED_LOCALES` without its catalogue here, or a catalogue missing a key, fails tsc.
 */
export type Catalogues<T extends Record<string, Message>> = { [L in SourceLocale]: T } & {
  [L in Exclude<Locale, SourceLocale>]: CatalogueOf<T>;
};

/** Every catalogue set defined so far, in the order the modules defining them were loaded. */
const catalogueSets: Array<Record<string, Record<string, Message>>> = [];

export function defineMessages<T extends Record<string, Message>>(catalogues: Catalogues<T>): Record<Locale, CatalogueOf<T>> {
  catalogueSets.push(catalogues);
  // The parameter's type already holds every locale; only the source catalogue's own type
  // (T rather than CatalogueOf<T>) needs widening, which tsc cannot see for a generic T.
  return catalogues as unknown as Record<Locale, CatalogueOf<T>>;
}

/**
 * The catalogue sets of every module loaded so far, keyed by locale: for checks that walk all
 * of them (every locale present at run time, a locale tried out before its translation exists).
 */
export function everyCatalogueSet(): ReadonlyArray<Record<string, Record<string, Message>>> {
  return catalogueSets;
}
