import type { QuickExitSettings } from './components/quick-exit.js';
import type { ComponentType } from 'preact';
import type { Locale } from '../i18n/locales.js';

export interface SocialLink {
  network: string;
  url: string;
}

/** One menu entry in one locale, with the entries below it. */
export interface MenuNode {
  label: string;
  href: string;
  children: MenuNode[];
}

/**
 * Parts of the page frame that features draw (the header's search field, the footer's subscribe
 * form): the layout knows where they go, the features know what they hold. A missing slot is left out.
 */
export interface LayoutSlots {
  HeaderSearch?: ComponentType<{ locale: Locale }>;
  FooterForm?: ComponentType<{ locale: Locale; org: string }>;
}

/** What every public page needs from the organisation's settings, in one locale. */
export interface SiteContext {
  locale: Locale;
  locales: readonly Locale[];
  publicUrl: string;
  timeZone: string;
  name: string;
  shortName: string;
  tagline: string;
  description: string;
  address: string;
  email: string | undefined;
  phone: string | undefined;
  social: SocialLink[];
  mainMenu: MenuNode[];
  footerMenu: MenuNode[];
  /** The organisation's own logo from the settings; without one the layout draws the dove. */
  logo: SiteLogo | undefined;
  /** The features' parts of the frame, given by the app when it builds the site contexts. */
  slots: LayoutSlots;
  /** Pages with a quick exit (QUICK_EXIT_PATHS) and where it goes; none without it. */
  quickExit?: QuickExitSettings;
}

export interface SiteLogo {
  src: string;
  width: number;
  height: number;
}

/** What the settings and menus give, loaded per locale; the slots are the same for every locale. */
export type SiteContextLoader = (locale: Locale) => Promise<Omit<SiteContext, 'slots'>>;

/**
 * Loads and memoises the site context per locale. Content changes call `invalidate()`,
 * so the next request reads the settings and menus again.
 */
export class SiteContexts {
  private cache = new Map<Locale, Promise<SiteContext>>();

  constructor(
    private readonly loader: SiteContextLoader,
    private readonly slots: LayoutSlots = {},
  ) {}

  get(locale: Locale): Promise<SiteContext> {
    let ctx = this.cache.get(locale);
    if (!ctx) {
      ctx = this.load(locale);
      ctx.catch(() => this.cache.delete(locale));
      this.cache.set(locale, ctx);
    }
    return ctx;
  }

  invalidate(): void {
    this.cache.clear();
  }

  private async load(locale: Locale): Promise<SiteContext> {
    return { ...(await this.loader(locale)), slots: this.slots };
  }
}
