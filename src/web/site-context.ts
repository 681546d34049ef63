import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { findMenuTree, findSiteSettings, type MenuNode } from '../features/site/site.repository.js';
import type { Locale } from '../i18n/locales.js';
import { pickLocalized } from './localized-text.js';

export interface SocialLink {
  network: string;
  url: string;
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
}

/**
 * Loads and memoises the site context per locale. Content changes call `invalidate()`,
 * so the next request reads the settings and menus again.
 */
export class SiteContexts {
  private cache = new Map<Locale, Promise<SiteContext>>();

  constructor(
    private readonly db: Db,
    private readonly config: Config,
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
    const order = this.config.locales;
    const settings = await findSiteSettings(this.db);
    const text = (map: Record<string, string> | undefined) => pickLocalized(map ?? {}, locale, order) ?? '';
    const [mainMenu, footerMenu] = await Promise.all([
      findMenuTree(this.db, 'main', locale),
      findMenuTree(this.db, 'footer', locale),
    ]);
    return {
      locale,
      locales: order,
      publicUrl: this.config.publicUrl,
      timeZone: this.config.timeZone,
      name: text(settings?.name) || 'Dove',
      shortName: text(settings?.shortName) || text(settings?.name) || 'Dove',
      tagline: text(settings?.tagline),
      description: text(settings?.description),
      address: text(settings?.address),
      email: settings?.email,
      phone: settings?.phone,
      social: settings?.social ?? [],
      mainMenu,
      footerMenu,
    };
  }
}
