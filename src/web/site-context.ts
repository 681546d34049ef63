import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { findImages } from '../features/media/media.repository.js';
import { findMenuTree, findSiteSettings, type MenuNode } from '../features/site/site.repository.js';
import { findSiteLogoFileId } from '../features/site-settings/site-settings.repository.js';
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
  /** The organisation's own logo from the settings; without one the layout draws the dove. */
  logo: SiteLogo | undefined;
}

export interface SiteLogo {
  src: string;
  width: number;
  height: number;
}

/** The header shows the logo at most this tall (CSS px); a 2x rendition keeps it sharp. */
const LOGO_HEIGHT_PX = 48;

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
    const [mainMenu, footerMenu, logo] = await Promise.all([
      findMenuTree(this.db, 'main', locale),
      findMenuTree(this.db, 'footer', locale),
      this.loadLogo(locale),
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
      logo,
    };
  }

  private async loadLogo(locale: Locale): Promise<SiteLogo | undefined> {
    const fileId = await findSiteLogoFileId(this.db);
    if (fileId === null) return undefined;
    const image = (await findImages(this.db, [fileId], locale, this.config.locales)).get(fileId);
    const jpegs = image?.variants.filter((v) => v.format === 'jpeg') ?? [];
    const chosen = jpegs.find((v) => v.height >= LOGO_HEIGHT_PX * 2) ?? jpegs[jpegs.length - 1];
    if (!chosen) return undefined;
    return { src: chosen.url, height: LOGO_HEIGHT_PX, width: Math.round((chosen.width / chosen.height) * LOGO_HEIGHT_PX) };
  }
}
