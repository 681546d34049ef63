import { renderToString } from 'preact-render-to-string';
import { LOCALE_INFO, type Locale } from '../../i18n/locales.js';
import { mirrorMessages } from './mirror.messages.js';

export type FormKind = 'subscribe' | 'contact' | 'comment' | 'filter' | 'other';

const KEEP = { 'data-mirror-keep': 'live' };

/** The line at the top of every copied page: what it is, where to read about it, where the live page is. */
export function renderBanner(locale: Locale, aboutHref: string, liveUrl: string): string {
  const t = mirrorMessages[locale];
  return renderToString(
    <p class="mirror-banner" role="note" lang={locale}>
      {t.bannerText} <a href={aboutHref}>{t.bannerAbout}</a> · <a {...KEEP} href={liveUrl}>{t.bannerLive}</a>
    </p>,
  );
}

const FORM_TEXT = { subscribe: 'formSubscribe', contact: 'formContact', comment: 'formComment', filter: 'formFilter', other: 'formOther' } as const;

/** What stands where a form needing the server was: why it is gone, and where it works. */
export function renderFormNotice(locale: Locale, kind: FormKind, liveUrl: string, email: string | undefined): string {
  const t = mirrorMessages[locale];
  const offerEmail = email && kind !== 'filter';
  return renderToString(
    <div class="mirror-notice" role="note" lang={locale}>
      <p>{t[FORM_TEXT[kind]]}</p>
      <p>
        <a {...KEEP} href={liveUrl}>
          {t.formGoLive}
        </a>
        {offerEmail && ' · '}
        {offerEmail && <a href={`mailto:${email}`}>{t.formEmail}</a>}
      </p>
    </div>,
  );
}

export interface MirrorPageFrame {
  locale: Locale;
  title: string;
  /** The page's links to the site's and the copy's stylesheets, relative to the page. */
  stylesheets: string[];
}

function page(frame: MirrorPageFrame, body: preact.ComponentChildren, scripts: string[] = []): string {
  return `<!doctype html>${renderToString(
    <html lang={frame.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{frame.title}</title>
        {frame.stylesheets.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
      </head>
      <body>
        <main id="main" class="wrap site-main mirror-page">
          {body}
        </main>
        {scripts.map((src) => (
          <script src={src} defer />
        ))}
      </body>
    </html>,
  )}`;
}

export interface AboutPageProps extends MirrorPageFrame {
  siteName: string;
  /** The day the copy was made, written in the page's language. */
  madeOn: string;
  canonicalUrl: string;
  email: string | undefined;
  homeHref: string;
  manifestHref: string;
  others: Array<{ locale: Locale; href: string }>;
}

/** The page every banner links to: what this copy is, when it was made, where the real site is. */
export function renderAboutPage(props: AboutPageProps): string {
  const t = mirrorMessages[props.locale];
  return page(props, [
    <h1>{t.aboutTitle}</h1>,
    <p>{t.aboutMade(props.siteName, props.madeOn)}</p>,
    <p>
      {t.aboutCanonical}{' '}
      <a {...KEEP} href={props.canonicalUrl}>
        {props.canonicalUrl}
      </a>
    </p>,
    <p>{t.aboutWhy}</p>,
    <p>{t.aboutForms}</p>,
    props.email && (
      <p>
        {t.aboutEmail} <a href={`mailto:${props.email}`}>{props.email}</a>
      </p>
    ),
    <p>
      {t.aboutVerify} <a href={props.manifestHref}>manifest.json</a>
    </p>,
    props.others.length > 0 && (
      <p>
        {t.aboutOtherLanguages}{' '}
        {props.others.map((o) => (
          <a href={o.href} hrefLang={o.locale} lang={o.locale}>
            {LOCALE_INFO[o.locale].nativeName}
          </a>
        ))}
      </p>
    ),
    <p>
      <a href={props.homeHref}>{t.aboutHome}</a>
    </p>,
  ]);
}

export interface SearchPageProps extends MirrorPageFrame {
  indexHref: string;
  scriptHref: string;
  siteMapHref: string;
  liveSearchUrl: string;
  aboutHref: string;
}

/**
 * The copy's search page. The form reloads the page with `?q=`; the script reads the query,
 * loads the index beside the page and lists the matches. Without JavaScript the page says so and
 * offers the site map and the live site's search instead.
 */
export function renderSearchPage(props: SearchPageProps): string {
  const t = mirrorMessages[props.locale];
  return page(
    props,
    [
      <p class="mirror-banner" role="note">
        {t.bannerText} <a href={props.aboutHref}>{t.bannerAbout}</a>
      </p>,
      <h1>{t.searchTitle}</h1>,
      <form class="search-box" role="search" method="get" action="">
        <label for="mirror-q">{t.searchLabel}</label> <input id="mirror-q" type="search" name="q" />{' '}
        <button type="submit">{t.searchButton}</button>
      </form>,
      <noscript>
        <p class="mirror-notice">{t.searchNeedsScript}</p>
      </noscript>,
      <p>
        <a href={props.siteMapHref}>{t.searchSiteMap}</a> ·{' '}
        <a {...KEEP} href={props.liveSearchUrl}>
          {t.searchLive}
        </a>
      </p>,
      <section
        id="mirror-results"
        aria-live="polite"
        data-index={props.indexHref}
        data-none={t.searchNoResults}
        data-heading={t.searchResults}
        data-unavailable={t.searchUnavailable}
      />,
    ],
    [props.scriptHref],
  );
}

export interface FolderPageProps extends MirrorPageFrame {
  /** Per language of the site: links to its home page and to the page about the copy. */
  languages: Array<{ locale: Locale; homeHref: string; aboutHref: string }>;
}

/**
 * The `index.html` of a folder that has no page of its own (assets, media, feeds): a static host
 * would answer it with an error or a file listing; this says what the folder is, in every language.
 */
export function renderFolderPage(props: FolderPageProps): string {
  return page(
    props,
    props.languages.map(({ locale, homeHref, aboutHref }) => {
      const t = mirrorMessages[locale];
      return (
        <section class="mirror-folder" lang={locale}>
          <h1>{t.folderTitle}</h1>
          <p>{t.folderText}</p>
          <p>
            <a href={homeHref}>{t.aboutHome}</a> · <a href={aboutHref}>{t.bannerAbout}</a>
          </p>
        </section>
      );
    }),
  );
}
