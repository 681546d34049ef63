import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { LOCALE_INFO, type Locale } from '../i18n/locales.js';
import { assetUrl } from './assets.js';
import { DoveLogo } from './components/dove-logo.js';
import { JsonLd } from './components/json-ld.js';
import { QuickExitBar, quickExitFor } from './components/quick-exit.js';
import type { PageMeta } from './page-meta.js';
import { absoluteUrl, localePath } from './paths.js';
import { withoutTrackingParameters } from './tracking-params.js';
import type { MenuNode, SiteContext } from './site-context.js';
import { webMessages } from './web.messages.js';

interface LayoutProps {
  ctx: SiteContext;
  meta: PageMeta;
  children: ComponentChildren;
}

/** The one page frame: `<html lang>` is always the locale of the URL. */
export function Layout({ ctx, meta: given, children }: LayoutProps) {
  const { HeaderSearch } = ctx.slots;
  const meta = { ...given, path: withoutTrackingParameters(given.path) };
  const t = webMessages[ctx.locale];
  const quickExit = given.quickExit ?? (ctx.quickExit && quickExitFor(ctx.quickExit, ctx.locale, meta.path));
  const fullTitle = meta.path === '/' ? ctx.name : `${meta.title} · ${ctx.shortName}`;
  const availableIn = meta.availableIn ?? ctx.locales;
  const selfUrl = absoluteUrl(ctx.publicUrl, localePath(ctx.locale, meta.path));
  // A page shown in a stand-in language points search engines at the original.
  const canonical = meta.contentLocale
    ? absoluteUrl(ctx.publicUrl, localePath(meta.contentLocale, meta.path))
    : selfUrl;
  const description = meta.description ?? ctx.description;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {description && <meta name="description" content={description} />}
        {meta.noindex && <meta name="robots" content="noindex" />}
        <link rel="canonical" href={canonical} />
        {availableIn.map((l) => (
          <link rel="alternate" hrefLang={l} href={absoluteUrl(ctx.publicUrl, localePath(l, meta.path))} />
        ))}
        {availableIn.length > 1 && (
          <link
            rel="alternate"
            hrefLang="x-default"
            href={absoluteUrl(ctx.publicUrl, localePath(availableIn[0]!, meta.path))}
          />
        )}
        <meta property="og:site_name" content={ctx.name} />
        <meta property="og:title" content={meta.title} />
        <meta property="og:type" content={meta.ogType ?? 'website'} />
        <meta property="og:url" content={selfUrl} />
        <meta property="og:locale" content={LOCALE_INFO[ctx.locale].ogLocale} />
        {description && <meta property="og:description" content={description} />}
        <meta property="og:image" content={meta.image ?? absoluteUrl(ctx.publicUrl, assetUrl('social-card.png'))} />
        <meta name="twitter:card" content="summary_large_image" />
        <meta name="twitter:title" content={meta.title} />
        {description && <meta name="twitter:description" content={description} />}
        <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
        <link rel="stylesheet" href={assetUrl('site.css')} />
        <link rel="stylesheet" href={assetUrl('print.css')} media="print" />
        {(meta.feeds ?? []).map((f) => (
          <link rel="alternate" type={f.type} title={f.title} href={f.href} />
        ))}
        {(meta.jsonLd ?? []).map((data) => (
          <JsonLd data={data} />
        ))}
        {quickExit && <script src={assetUrl('quick-exit.js')} defer />}
      </head>
      <body class={meta.bodyClass}>
        {quickExit && <QuickExitBar locale={ctx.locale} exit={quickExit} />}
        <a class="skip-link" href="#main">
          {t.skipToContent}
        </a>
        <header class="site-header">
          <div class="wrap site-header__inner">
            <a class="brand" href={localePath(ctx.locale, '/')} rel="home">
              {ctx.logo ? (
                // The organisation's name follows as text, so the image itself is decorative.
                <img class="brand__logo" src={ctx.logo.src} width={ctx.logo.width} height={ctx.logo.height} alt="" />
              ) : (
                <DoveLogo class="brand__logo" title={ctx.shortName} />
              )}
              <span class="brand__text">
                <span class="brand__name">{ctx.name}</span>
                {/* On a phone the short name alone keeps the header on one line. */}
                <span class="brand__short">{ctx.shortName}</span>
                {ctx.tagline && <span class="brand__tagline">{ctx.tagline}</span>}
              </span>
            </a>
            {HeaderSearch && <HeaderSearch locale={ctx.locale} />}
            <LanguageSwitch ctx={ctx} path={meta.path} label={t.languageSwitch} />
            {/* Shows the menu and search on a phone (the stylesheet reads its state); no script. */}
            <details class="menu-toggle">
              <summary>{t.menu}</summary>
            </details>
          </div>
          <nav class="main-nav" aria-label={t.mainNavigation} dangerouslySetInnerHTML={{ __html: mainMenuHtml(ctx, meta.path) }} />
        </header>
        <main id="main" tabIndex={-1} class="wrap site-main">
          {children}
        </main>
        <footer class="site-footer" dangerouslySetInnerHTML={{ __html: footerHtml(ctx) }} />
      </body>
    </html>
  );
}

/**
 * The main menu's list, rendered once per site context and per set of entries the page lies in
 * (what `aria-current` marks): every page of a section draws the same menu, so a site has a few
 * dozen variants at most, and a change loads a new context (the memo needs no forgetting).
 */
const mainMenus = new WeakMap<SiteContext, Map<string, string>>();

function mainMenuHtml(ctx: SiteContext, path: string): string {
  let byCurrent = mainMenus.get(ctx);
  if (!byCurrent) mainMenus.set(ctx, (byCurrent = new Map()));
  const { key } = currentEntries(ctx.mainMenu, path.split('?')[0]!);
  let html = byCurrent.get(key);
  if (html === undefined) {
    html = renderToString(
      <ul class="wrap main-nav__list">
        {ctx.mainMenu.map((item) => (
          <MainMenuItem item={item} locale={ctx.locale} path={path} />
        ))}
      </ul>,
    );
    byCurrent.set(key, html);
  }
  return html;
}

/**
 * Which entries (by their place in the menu) the page is, or lies in: what tells one rendering of
 * the menu from another. One walk of the menu, each entry's children before itself, by the
 * rule `isCurrent` applies when rendering.
 */
function currentEntries(items: readonly MenuNode[], pathname: string, prefix = ''): { key: string; any: boolean } {
  let key = '';
  let any = false;
  items.forEach((item, i) => {
    const below = currentEntries(item.children, pathname, `${prefix}${i}.`);
    const current = entryIsCurrent(item.href, pathname, () => below.any);
    if (current) key += `${prefix}${i}=${item.href === pathname ? 'page' : 'true'} `;
    key += below.key;
    any ||= current;
  });
  return { key, any };
}

/**
 * An entry of the main menu; one with pages below it gets a disclosure (details/summary) beside
 * its link, which opens with a click, a tap, Enter or Space, without any script.
 */
function MainMenuItem({ item, locale, path }: { item: MenuNode; locale: Locale; path: string }) {
  const link = (
    <a href={localePath(locale, item.href)} aria-current={currentness(item, path)}>
      {item.label}
    </a>
  );
  if (item.children.length === 0) return <li>{link}</li>;
  return (
    <li class="main-nav__parent">
      {link}
      <details class="main-nav__sub">
        <summary aria-label={webMessages[locale].subMenuOf(item.label)} />
        <ul>
          {item.children.map((child) => (
            <li>
              <a href={localePath(locale, child.href)} aria-current={currentness(child, path)}>
                {child.label}
              </a>
              {child.children.length > 0 && (
                <ul>
                  {child.children.map((grandchild) => (
                    <li>
                      <a href={localePath(locale, grandchild.href)} aria-current={currentness(grandchild, path)}>
                        {grandchild.label}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}

/** "page" for the page itself; "true" for the section it lies in, which is not the same claim. */
function currentness(item: MenuNode, path: string): 'page' | 'true' | undefined {
  if (!isCurrent(item, path)) return undefined;
  return item.href === path.split('?')[0] ? 'page' : 'true';
}

function isCurrent(item: MenuNode, path: string): boolean {
  return entryIsCurrent(item.href, path.split('?')[0]!, () => item.children.some((c) => isCurrent(c, path)));
}

/** An entry is current on its page and below it, or when one of its entries is; the home entry on the home page only. */
function entryIsCurrent(href: string, pathname: string, childIsCurrent: () => boolean): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`) || childIsCurrent();
}

function LanguageSwitch({ ctx, path, label }: { ctx: SiteContext; path: string; label: string }) {
  return (
    <nav class="lang-switch" aria-label={label}>
      <ul>
        {ctx.locales.map((l) => (
          <li>
            {l === ctx.locale ? (
              <span aria-current="true" lang={l}>
                {LOCALE_INFO[l].nativeName}
              </span>
            ) : (
              <a href={localePath(l, path)} hrefLang={l} lang={l}>
                {LOCALE_INFO[l].nativeName}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The footer's contents, rendered once per site context: they depend on the settings and menus
 * alone, and a change loads a new context (so the memo needs no forgetting of its own).
 */
const footers = new WeakMap<SiteContext, string>();

function footerHtml(ctx: SiteContext): string {
  let html = footers.get(ctx);
  if (html === undefined) {
    html = renderToString(<SiteFooter ctx={ctx} />);
    footers.set(ctx, html);
  }
  return html;
}

function SiteFooter({ ctx }: { ctx: SiteContext }) {
  const t = webMessages[ctx.locale];
  const { FooterForm } = ctx.slots;
  return (
    <>
      <div class="wrap site-footer__grid">
        <section aria-labelledby="footer-contact">
          <h2 id="footer-contact">{t.contact}</h2>
          <p class="site-footer__name">{ctx.name}</p>
          {ctx.address && <address>{ctx.address.split('\n').map((line, i) => (i ? [<br />, line] : line))}</address>}
          {ctx.email && (
            <p>
              {t.email}: <a href={`mailto:${ctx.email}`}>{ctx.email}</a>
            </p>
          )}
          {ctx.phone && (
            <p>
              {t.phone}: <a href={`tel:${ctx.phone.replace(/[^+\d]/g, '')}`}>{ctx.phone}</a>
            </p>
          )}
        </section>
        <nav aria-label={t.footerNavigation}>
          <MenuList items={ctx.footerMenu.length ? ctx.footerMenu : ctx.mainMenu} locale={ctx.locale} />
        </nav>
        {FooterForm && <FooterForm locale={ctx.locale} org={ctx.shortName} />}
        {ctx.social.length > 0 && (
          <section aria-labelledby="footer-social">
            <h2 id="footer-social">{t.followUs}</h2>
            <ul class="social-links">
              {ctx.social.map((s) => (
                <li>
                  <a href={s.url} rel="me noopener">
                    {socialName(s.network)}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
      <p class="wrap site-footer__licence">
        <a rel="license" href="https://creativecommons.org/licenses/by/4.0/">
          {t.allRightsNote}
        </a>
      </p>
    </>
  );
}

export function MenuList({ items, locale }: { items: MenuNode[]; locale: Locale }) {
  return (
    <ul class="menu-list">
      {items.map((item) => (
        <li>
          <a href={localePath(locale, item.href)}>{item.label}</a>
          {item.children.length > 0 && <MenuList items={item.children} locale={locale} />}
        </li>
      ))}
    </ul>
  );
}

const SOCIAL_NAMES: Record<string, string> = {
  facebook: 'Facebook',
  x: 'X (Twitter)',
  twitter: 'X (Twitter)',
  youtube: 'YouTube',
  telegram: 'Telegram',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  tiktok: 'TikTok',
};

export function socialName(network: string): string {
  return SOCIAL_NAMES[network] ?? network;
}
