import type { ComponentChildren } from 'preact';
import { assetUrl } from '../../web/assets.js';
import { DoveLogo } from '../../web/components/dove-logo.js';
import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../i18n/locales.js';
import { adminMessages } from './admin.messages.js';

/** The menu's groups, in order; the dashboard stands before them, in no group. */
export const ADMIN_NAV_GROUPS = ['content', 'audience', 'monitoring', 'settings'] as const;
export type AdminNavGroup = (typeof ADMIN_NAV_GROUPS)[number];

/** An entry of the admin menu. */
export interface AdminNavItem {
  href: string;
  label: (locale: Locale) => string;
  /** The group the entry is listed under; none for the dashboard. */
  group?: AdminNavGroup;
}

/**
 * A section of the admin, as a feature hands it to the frame (the menu is assembled in
 * `features/admin-sections.ts`; the frame knows no feature). `visibleTo` is the section's own
 * policy for its menu entry, for sections not open to every staff member; the routes check
 * again, so it only tidies the menu.
 */
export interface AdminSection extends AdminNavItem {
  visibleTo?: (user: FastifyRequest['user']) => boolean;
}

/** What the frame shows of the signed-in user. */
export interface FrameUser {
  name: string;
  locale: Locale;
}

interface AdminLayoutProps {
  user: FrameUser | null;
  title: string;
  /** The current admin path, to mark the menu item. */
  path: string;
  /** The menu entries this user may open (`adminNavFor(request)`). */
  nav: readonly AdminNavItem[];
  /** The CSRF token for the sign-out form (every state change is a POST with a token). */
  csrfToken?: string;
  /** Extra stylesheets or scripts only the admin loads (the rich-text editor bundle). */
  head?: ComponentChildren;
  children: ComponentChildren;
}

/** The admin frame, in the user's language; never cached, never indexed. */
export function AdminLayout({ user, title, path, nav, csrfToken, head, children }: AdminLayoutProps) {
  const locale = user?.locale ?? 'en';
  const t = adminMessages[locale];
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} · ${t.admin}`}</title>
        <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
        <link rel="stylesheet" href={assetUrl('site.css')} />
        <link rel="stylesheet" href={assetUrl('admin.css')} />
        {head}
      </head>
      <body class="admin">
        <header class="site-header admin-header">
          <div class="wrap site-header__inner">
            <a class="brand" href="/admin">
              <DoveLogo class="brand__logo" title={t.admin} />
              <span class="brand__text">
                <span class="brand__name">{t.admin}</span>
              </span>
            </a>
            {user && (
              <div class="admin-header__user">
                <span>{t.signedInAs(user.name)}</span>
                <a href="/admin/account">{t.account}</a>
                <a href={`/${locale}/`}>{t.viewSite}</a>
                <form method="post" action="/admin/sign-out" class="inline-form">
                  {csrfToken && <input type="hidden" name="_csrf" value={csrfToken} />}
                  <button type="submit" class="button-link">
                    {t.signOut}
                  </button>
                </form>
              </div>
            )}
          </div>
          {user && <AdminNav locale={locale} nav={nav} path={path} />}
        </header>
        <main id="main" tabIndex={-1} class="wrap site-main admin-main">
          {children}
        </main>
      </body>
    </html>
  );
}

const GROUP_LABELS: Record<AdminNavGroup, 'navContent' | 'navAudience' | 'navMonitoring' | 'navSettings'> = {
  content: 'navContent',
  audience: 'navAudience',
  monitoring: 'navMonitoring',
  settings: 'navSettings',
};

/**
 * The menu in four groups, each a `<details>` disclosure: it opens with a tap, Enter or Space
 * and needs no script, and the groups share one name so that opening one closes the others.
 * The current group's entries are repeated as a row of tabs under the bar, so the sections
 * next to the page in use are one tap away on a phone too.
 */
function AdminNav({ locale, nav, path }: { locale: Locale; nav: readonly AdminNavItem[]; path: string }) {
  const t = adminMessages[locale];
  const loose = nav.filter((item) => !item.group);
  const groups = ADMIN_NAV_GROUPS.map((group) => ({ group, items: nav.filter((item) => item.group === group) })).filter((g) => g.items.length > 0);
  const current = groups.find((g) => g.items.some((item) => isCurrent(item.href, path)));
  const link = (item: AdminNavItem) => (
    <a href={item.href} aria-current={isCurrent(item.href, path) ? 'page' : undefined}>
      {item.label(locale)}
    </a>
  );
  return (
    <nav class="admin-nav" aria-label={t.adminNavigation}>
      <div class="wrap admin-nav__bar">
        <ul class="admin-nav__loose">
          {loose.map((item) => (
            <li>{link(item)}</li>
          ))}
        </ul>
        {groups.map(({ group, items }) => (
          <details class={`admin-nav__group${group === current?.group ? ' admin-nav__group--current' : ''}`} name="admin-nav">
            <summary>{t[GROUP_LABELS[group]]}</summary>
            <ul class="admin-nav__menu">
              {items.map((item) => (
                <li>{link(item)}</li>
              ))}
            </ul>
          </details>
        ))}
      </div>
      {current && (
        <ul class="wrap admin-subnav" aria-label={t[GROUP_LABELS[current.group]]}>
          {current.items.map((item) => (
            <li>{link(item)}</li>
          ))}
        </ul>
      )}
    </nav>
  );
}

function isCurrent(href: string, path: string): boolean {
  return href === '/admin' ? path === '/admin' : path === href || path.startsWith(`${href}/`);
}
