import type { Locale } from './locales.js';

type Message = string | ((...args: never[]) => string);

/** The Khmer side must have every key of the English side with the same shape, or tsc fails. */
export type CatalogueOf<T extends Record<string, Message>> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};

export function defineMessages<T extends Record<string, Message>>(catalogues: {
  en: T;
  km: CatalogueOf<T>;
}): Record<Locale, CatalogueOf<T>> {
  return catalogues as unknown as Record<Locale, CatalogueOf<T>>;
}
