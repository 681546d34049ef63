import type { Locale } from '../i18n/locales.js';
import type { QuickExit } from './components/quick-exit.js';

export interface FeedLink {
  title: string;
  href: string;
  type: 'application/rss+xml' | 'application/atom+xml';
}

/** What a route tells the layout about its page, for the head and the language switch. */
export interface PageMeta {
  /** The page's own title; the layout appends the organisation's name. */
  title: string;
  description?: string;
  /** The path below the locale, with its query string: `/publications?type=report`. */
  path: string;
  /** Locales that have this content; hreflang alternates list only these. Default: all. */
  availableIn?: readonly Locale[];
  /** Where the shown content falls back to another language, that language. */
  contentLocale?: Locale;
  ogType?: 'website' | 'article';
  /** Absolute URL of an image for social cards. */
  image?: string;
  jsonLd?: object[];
  noindex?: boolean;
  feeds?: FeedLink[];
  /** Pages a person at risk reads (the report form, HRD support): a quick exit bar and its script. */
  quickExit?: QuickExit;
  /** Pages that set this get the print stylesheet's publication layout. */
  bodyClass?: string;
}
