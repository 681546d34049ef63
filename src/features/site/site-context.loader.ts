import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import { pickLocalized } from '../../web/localized-text.js';
import type { SiteContext, SiteLogo } from '../../web/site-context.js';
import { findImages } from '../media/media.repository.js';
import { findSiteLogoFileId, findSiteSettings } from '../site-settings/site-settings.repository.js';
import { findMenuTree } from './site.repository.js';

/** The header shows the logo at most this tall (CSS px); a 2x rendition keeps it sharp. */
const LOGO_HEIGHT_PX = 48;

/** The organisation's settings and menus in one locale: what `SiteContexts` memoises. */
export async function loadSiteContext(db: Db, config: Config, locale: Locale): Promise<Omit<SiteContext, 'slots'>> {
  const order = config.locales;
  const settings = await findSiteSettings(db);
  const text = (map: Record<string, string> | undefined) => pickLocalized(map ?? {}, locale, order) ?? '';
  const [mainMenu, footerMenu, logo] = await Promise.all([
    findMenuTree(db, 'main', locale),
    findMenuTree(db, 'footer', locale),
    loadLogo(db, config, locale),
  ]);
  return {
    locale,
    locales: order,
    publicUrl: config.publicUrl,
    timeZone: config.timeZone,
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
    quickExit: { exitUrl: config.quickExitUrl, onionAddress: config.onionAddress, paths: config.quickExitPaths },
  };
}

async function loadLogo(db: Db, config: Config, locale: Locale): Promise<SiteLogo | undefined> {
  const fileId = await findSiteLogoFileId(db);
  if (fileId === null) return undefined;
  const image = (await findImages(db, [fileId], locale, config.locales)).get(fileId);
  const jpegs = image?.variants.filter((v) => v.format === 'jpeg') ?? [];
  const chosen = jpegs.find((v) => v.height >= LOGO_HEIGHT_PX * 2) ?? jpegs[jpegs.length - 1];
  if (!chosen) return undefined;
  return { src: chosen.url, height: LOGO_HEIGHT_PX, width: Math.round((chosen.width / chosen.height) * LOGO_HEIGHT_PX) };
}
