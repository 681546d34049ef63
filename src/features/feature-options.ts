import type { Locale } from '../i18n/locales.js';

/** Options every per-locale feature plugin receives: its routes live under `/<locale>`. */
export interface LocaleRouteOptions {
  locale: Locale;
}
